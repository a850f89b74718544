import { afterEach, describe, expect, it } from 'vitest';
import { locationSecrets, redactCredentials } from '../../src/collector/redact.js';
import { spawnCollector } from './support/child-collector.js';
import type { ChildCli } from './support/child-collector.js';
import { describePostgres } from './support/postgres-env.js';

describe('redactCredentials', () => {
  it.each([
    ['postgres://u:pw@h/db', 'postgres://u:***@h/db'],
    ['store: postgresql://app:s%40cret@db:5432/x)', 'store: postgresql://app:***@db:5432/x)'],
    ['postgres://u:p@ss@h/db', 'postgres://u:***@h/db'],
    ['postgres://u@h/db?password=hunter2&sslmode=require', 'postgres://u@h/db?password=***&sslmode=require'],
    ['postgres://u@h/db?sslpassword=k1&application_name=x', 'postgres://u@h/db?sslpassword=***&application_name=x'],
    ["host=h password='a b c' user=u", 'host=h password=*** user=u'],
    ['./events.ndjson', './events.ndjson'],
    ['postgres://u@h:5432/db', 'postgres://u@h:5432/db'],
  ])('%s', (text, redacted) => {
    expect(redactCredentials(text)).toBe(redacted);
  });

  it('masks the given secrets as written and URL-encoded, but not ones too short to mask', () => {
    const secrets = locationSecrets('postgres://u:s%40cret!@h/db?password=hunter2');
    expect(secrets).toEqual(expect.arrayContaining(['s@cret!', 'hunter2']));
    expect(redactCredentials('auth failed for s@cret! and s%40cret! (hunter2)', secrets)).toBe(
      'auth failed for *** and *** (***)',
    );
    expect(redactCredentials('a b c', ['a'])).toBe('a b c');
  });
});

describePostgres('splitkit collect with a password in the store URL', (url) => {
  const children: ChildCli[] = [];
  afterEach(async () => {
    for (const cli of children.splice(0)) {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
  });

  it('never prints the password, on the listening line or after', async () => {
    const store = `${url}${url.includes('?') ? '&' : '?'}password=hunter2secret`;
    const cli = await spawnCollector(['--store', store, '--secret', 'collector-secret-1']);
    children.push(cli);
    expect(cli.stdout()).toContain('password=***');
    cli.child.kill('SIGTERM');
    await cli.exited;
    expect(cli.stdout() + cli.stderr()).not.toMatch(/hunter2secret|collector-secret-1/);
  });
});
