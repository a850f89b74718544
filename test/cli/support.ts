/** A CliIo that records what a command printed, and a run of a command through it. */
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

/** A command's exit code and what it printed. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` (`main`, `runAnalyze`, …) in process on `argv`, capturing what it prints. */
export async function runCaptured(
  command: (argv: string[], io: CliIo) => Promise<number>,
  argv: string[],
): Promise<CliRun> {
  const io = captureIo();
  const code = await command(argv, io);
  return { code, stdout: io.output, stderr: io.errors };
}
