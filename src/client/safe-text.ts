/**
 * `String(value)` that cannot throw. Untyped callers can pass objects whose
 * conversion throws (`{ toString: '' }`, revoked proxies); a read that is
 * reporting a problem must not fail while describing it.
 */
export function safeText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return `[unprintable ${typeof value}]`;
  }
}
