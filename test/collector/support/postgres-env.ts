/**
 * Where the PostgreSQL tests find their server: `SPLITKIT_PG_URL`, as
 * exported by `source scripts/ci-postgres.sh`. Without it the suites are
 * skipped on a developer machine, but in CI (`CI` set) a test fails, so CI
 * can never pass without having run them.
 */
import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';

/** The test database URL, when there is one. */
export const postgresUrl: string | undefined = process.env.SPLITKIT_PG_URL || undefined;

/** Like `describe`, for suites that need a PostgreSQL server. */
export function describePostgres(name: string, body: (url: string) => void): void {
  if (postgresUrl !== undefined) {
    describe(name, () => body(postgresUrl));
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('has a PostgreSQL server to test against', () => {
        throw new Error(
          'SPLITKIT_PG_URL is not set, so the PostgreSQL store was not tested. Run `source scripts/ci-postgres.sh` before the tests.',
        );
      });
    });
    return;
  }
  console.info(`[splitkit] skipping "${name}": set SPLITKIT_PG_URL (source scripts/ci-postgres.sh) to run it`);
  describe.skip(name, () => body(''));
}

/** A table name no other test uses. */
export function uniqueTable(): string {
  return `events_${randomBytes(6).toString('hex')}`;
}
