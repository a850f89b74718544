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

/** The process's stdout and stderr; colour on a terminal unless `NO_COLOR` is set. */
export const processIo: CliIo = {
  out: (text) => writeOut(text),
  err: (text) => writeErr(text),
  get color() {
    return useColor(process.stdout) && !process.env.NO_COLOR;
  },
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
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
