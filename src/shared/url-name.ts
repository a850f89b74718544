/**
 * A URL as reports name it: without its query string, fragment or credentials, where a token may be. The
 * ruleset source and the fetch transport both name their URL this way.
 */
export const urlName = (url: string): string => url.replace(/[?#].*/s, '').replace(/\/\/[^/]*@/, '//');
