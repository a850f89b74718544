import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// The examples are documentation that runs: these tests keep them running.
describe('examples', () => {
  it('the server example gates per request, keeps the cookie device id and links it on login', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/server/main.ts'], { timeout: 60_000 });
    const ids = [...stdout.matchAll(/deviceID: '([0-9a-f-]{36})'/g)].map((m) => m[1]);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(stdout).toMatch(/identify identify \{"userID":"u42","deviceID":"[0-9a-f-]{36}"\}/);
    expect(stdout).toMatch(/exposure button_color/);
  });
});
