/**
 * A page's `localStorage` in memory, installed on `globalThis` for the tests of one file (Node has none):
 * `values` shows what the client stored.
 */
export function memoryLocalStorage() {
  const values = new Map<string, string>();
  const localStorage = {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
  return {
    values,
    install: () => {
      (globalThis as { localStorage?: unknown }).localStorage = localStorage;
    },
    uninstall: () => {
      delete (globalThis as { localStorage?: unknown }).localStorage;
    },
  };
}
