/** Customers across channels: identities, links, merges, verified user ids. */
export { Customers, VERIFIED_USER_CHANNEL, type VisitorClaim } from './customers.ts';
export { USER_ID_PATTERN, userHash, verifyUserHash } from './identity-secret.ts';
