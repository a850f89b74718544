/** Waits (bounded) until `read()` contains `text`: output of a child process arrives when it arrives. */
export async function eventually(read: () => string, text: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!read().includes(text)) {
    if (Date.now() > deadline) throw new Error(`'${text}' did not appear in:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
