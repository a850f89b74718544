/**
 * `splitkit/openfeature`: splitkit as an OpenFeature provider, for the server
 * SDK (`@openfeature/server-sdk`) and the web SDK (`@openfeature/web-sdk`).
 * Both SDKs are optional peer dependencies; this entry loads none of their
 * runtime code.
 * @packageDocumentation
 */
export { SplitkitServerProvider } from './server-provider.js';
export { SplitkitWebProvider } from './web-provider.js';
export type { ProviderOptions } from './options.js';
export { contextToUser } from './context.js';
