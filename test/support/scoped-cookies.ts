/**
 * A `document` for https://a.example.com/ whose cookies have a scope, as a browser's do: a cookie written
 * without Domain is host-only, one with Domain is shared with the subdomains, and the two are different
 * cookies with one name. The getter lists them oldest first (same path); Max-Age=0 deletes the cookie of
 * that name and scope only.
 */
export function scopedDocument(initial: { name: string; value: string; domain?: string }[] = []) {
  const jar = initial.map(({ name, value, domain }) => ({ name, value, scope: domain ?? 'host' }));
  const written: string[] = [];
  const doc = {
    location: { protocol: 'https:' },
    get cookie() {
      return jar.map(({ name, value }) => `${name}=${value}`).join('; ');
    },
    set cookie(text: string) {
      written.push(text);
      const [pair = '', ...attributes] = text.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const scope = attributes.find((a) => a.startsWith('Domain='))?.slice('Domain='.length) ?? 'host';
      const at = jar.findIndex((cookie) => cookie.name === name && cookie.scope === scope);
      if (attributes.includes('Max-Age=0')) {
        if (at >= 0) jar.splice(at, 1);
      } else if (at >= 0) jar[at]!.value = value;
      else jar.push({ name, value, scope });
    },
  };
  return { doc: doc as unknown as Document, jar, written };
}
