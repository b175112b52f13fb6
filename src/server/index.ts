/** HTTP: the Elysia app, authentication of callers, the OpenAPI docs. */
export { createHttpApp, type HttpApp } from './app.ts';
export { Authenticator } from './authenticate.ts';
export type { HttpDeps } from './deps.ts';
export { announceApiKeysChanged, announceTenantChanged, wireRevocations } from './revocations.ts';
export { API_SECURITY_HEADERS, withSecurityHeaders } from './security-headers.ts';
