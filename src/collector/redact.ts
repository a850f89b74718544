/**
 * Keeps credentials out of logs and error messages: a store URL carries its
 * password (`postgres://u:pw@h/db`, `?password=…`), and errors of the
 * database driver may repeat it. Every line the collector prints passes here.
 */

const MASK = '***';

// scheme://user:password@host — the password part, up to the last '@' before the path (a password may hold '@').
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#:@]*):[^\s/?#]*@/gi;
// password=…, sslpassword=…, token=… in a query string or a key=value connection string (quoted or not).
const KEY_VALUE =
  /\b((?:ssl)?pass(?:word)?|passwd|pwd|secret|token|api[_-]?key|access[_-]?token)(\s*=\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s&#;,'"]+)/gi;

/**
 * Returns `text` with every credential masked: the password of a URL's
 * user info, the value of `password=`-like keys (query strings and
 * `key=value` connection strings) and every occurrence of the given
 * `secrets` (as written and URL-encoded). Secrets shorter than 4 characters
 * are left alone: masking them would garble every message.
 */
export function redactCredentials(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(URL_PASSWORD, `$1:${MASK}@`).replace(KEY_VALUE, `$1$2${MASK}`);
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(MASK);
  }
  return out;
}

/** The secrets of a store location: the password of a URL (decoded and as written) and `password=` query values. */
export function locationSecrets(location: string): string[] {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return [];
  }
  const secrets = new Set<string>();
  const add = (value: string): void => {
    if (value === '') return;
    secrets.add(value);
    try {
      secrets.add(decodeURIComponent(value));
    } catch {
      // A malformed escape is kept only as written.
    }
  };
  add(url.password);
  for (const [key, value] of url.searchParams) if (/pass|pwd|secret|token|key/i.test(key)) add(value);
  return [...secrets];
}
