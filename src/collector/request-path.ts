/**
 * The path a request names, for routing and logs. A client that believes it talks to a forward proxy sends
 * the absolute form (`POST http://host/events`), which servers must accept too (RFC 9112, section 3.2.2).
 * Here rather than in shared/: the collector uses nothing of the core that a user could not, and `splitkit
 * serve`, which builds on the collector, routes with it too.
 */

/** The path of a request target, without its query (which may hold credentials and is never logged). */
export function requestPath(target: string | undefined): string {
  let path = target ?? '/';
  const authority = path.startsWith('/') ? null : /^https?:\/\/[^/?#]*/i.exec(path);
  if (authority !== null) path = path.slice(authority[0].length);
  const query = path.indexOf('?');
  if (query !== -1) path = path.slice(0, query);
  return path.startsWith('/') || authority === null ? path : `/${path}`;
}
