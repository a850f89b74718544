import { useColor } from '../report/terminal.js';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether `out` is a terminal that wants ANSI colour. Default false. */
  readonly color?: boolean;
}

/** The process's stdout and stderr; colour on a terminal unless `NO_COLOR` is set. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  get color() {
    return useColor(process.stdout) && !process.env.NO_COLOR;
  },
};

/** `text` with `prefix` before each of its lines (usage errors: one problem a line, each naming the command). */
export function prefixLines(prefix: string, text: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}
