/** A CliIo that records what a command printed. */
import type { CliIo } from '../../src/cli/main.js';

/** Captures stdout and stderr text. */
export function captureIo(): CliIo & { output: string; errors: string } {
  const io = {
    output: '',
    errors: '',
    out: (text: string) => void (io.output += text),
    err: (text: string) => void (io.errors += text),
  };
  return io;
}
