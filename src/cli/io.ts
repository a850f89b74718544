import { isIPv6 } from 'node:net';
import { useColor } from '../report/terminal.js';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether `out` is a terminal that wants ANSI colour. Default false. */
  readonly color?: boolean;
  /** All of standard input (`splitkit validate -`); without it, `-` reads nothing and is reported as such. */
  readStdin?(): Promise<Buffer>;
}

/**
 * Writes to `stream` until writing fails: a closed pipe (`| head` that exited, a log shipper that died) makes
 * an EPIPE 'error' that would crash the process (a server among it). After one, what would have gone there is
 * dropped and the command carries on.
 */
function writer(stream: NodeJS.WriteStream): (text: string) => void {
  let broken = false;
  let watching = false;
  return (text) => {
    if (broken || stream.destroyed) return;
    if (!watching) {
      watching = true;
      stream.on('error', () => {
        broken = true;
      });
    }
    stream.write(text);
  };
}

const writeOut = writer(process.stdout);
const writeErr = writer(process.stderr);

/**
 * The most `splitkit validate -` reads from standard input: four times what clients take by default, far past any
 * ruleset and short of what exhausts memory (`yes | splitkit validate -`).
 */
const STDIN_MAX_BYTES = 4 * 2 ** 24;

/** All of `stream`, or a rejection once it has given more than `max` bytes. */
export async function readAtMost(stream: AsyncIterable<Buffer | string>, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > max) throw new Error(`larger than ${max} bytes`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** The process's stdout and stderr; colour on a terminal unless `NO_COLOR` is set. */
export const processIo: CliIo = {
  out: (text) => writeOut(text),
  err: (text) => writeErr(text),
  get color() {
    return useColor(process.stdout) && !process.env.NO_COLOR;
  },
  async readStdin() {
    // At a terminal nothing says the command waits for input: say so, once.
    if (process.stdin.isTTY) writeErr('reading a ruleset from standard input (end it with Ctrl-D)\n');
    return readAtMost(process.stdin, STDIN_MAX_BYTES);
  },
};

/** `text` with `prefix` before each of its lines (usage errors: one problem a line, each naming the command). */
export function prefixLines(prefix: string, text: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/** `host` as a URL writes it: an IPv6 address in brackets (`[::1]:8787`, where `::1:8787` reads as another address). */
export function urlHost(host: string): string {
  return isIPv6(host) ? `[${host}]` : host;
}
