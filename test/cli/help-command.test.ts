/**
 * `splitkit help <command>` (and `--help <command>`) prints that command's own help, as `splitkit <command>
 * --help` does. It printed the general usage, which names the commands but none of their options.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { USAGE } from '../../src/cli/usage.js';
import { captureIo } from './support.js';

async function run(...argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, stdout: io.output, stderr: io.errors };
}

describe('splitkit help <command>', () => {
  it.each(['collect', 'serve', 'validate', 'keygen', 'sign', 'analyze', 'types'])(
    "help %s prints the command's own --help",
    async (command) => {
      const own = await run(command, '--help');
      expect(own.code).toBe(0);
      expect(own.stdout).not.toBe(USAGE);
      for (const help of ['help', '--help', '-h']) expect(await run(help, command)).toEqual(own);
    },
  );

  it('help with no command: the general usage; with an unknown one: exit 2 saying so', async () => {
    expect(await run('help')).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    const unknown = await run('help', 'analyse');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`splitkit: no help for 'analyse': not a command\n\n${USAGE}`);
    // The name is written as text a terminal cannot act on.
    expect((await run('help', 'x\u001b[2J')).stderr).not.toContain('\u001b');
  });

  it('help followed by an option (--help --version) prints the general usage, as it did', async () => {
    expect(await run('--help', '--version')).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    expect(await run('-h', '-v')).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });
});
