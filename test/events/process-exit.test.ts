/**
 * Node process lifetime, in real child processes: an idle pipeline never
 * keeps Node running, and an awaited shutdown keeps it running until done.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

function run(fixture: string): Promise<{ code: number | null; stdout: string; ms: number }> {
  const file = fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url));
  const started = Date.now();
  return new Promise((resolve) => {
    // The kill timeout is the failure mode: a process kept alive by a timer would run for 60 s.
    execFile(process.execPath, ['--import', 'tsx', file], { timeout: 20_000 }, (error, stdout) => {
      resolve({ code: error ? ((error.code as number | null) ?? 1) : 0, stdout, ms: Date.now() - started });
    });
  });
}

describe('process lifetime', () => {
  it('an idle pipeline with queued events and an open request lets Node exit', async () => {
    const { code, stdout, ms } = await run('idle-exit.ts');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ queued: 5, inFlight: 10 });
    expect(ms).toBeLessThan(15_000);
  });

  it('an awaited shutdown keeps Node alive through a retry backoff', async () => {
    const { code, stdout } = await run('shutdown-waits.ts');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      calls: 2,
      report: { delivered: true, undelivered: 0, stats: { sent: 1, retried: 1 } },
    });
  });
});
