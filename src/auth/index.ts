/** Credentials: signed tokens, API and widget keys, the signing secret. */
export * from './keys.ts';
export * from './password-policy.ts';
export * from './principal.ts';
export * from './scopes.ts';
export * from './secret.ts';
export * from './tokens.ts';
