/**
 * Verified user ids: a tenant signs its own user id with its identity secret
 * (`userHash = hex(HMAC-SHA256(identitySecret, userId))`, computed on the tenant's server)
 * and the widget or app passes both; kefu then knows the visitor is that user.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { KefuError } from '../errors.ts';

/** A tenant user id as accepted in `userId`: what fits an identity's external id. */
export const USER_ID_PATTERN = /^[\x21-\x7e]{1,191}$/;

export function newIdentitySecret(): string {
  return `kefu_is_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')}`;
}

/** The `userHash` a tenant computes for `userId`. */
export function userHash(identitySecret: string, userId: string): string {
  return createHmac('sha256', identitySecret).update(userId, 'utf8').digest('hex');
}

/**
 * Checks a signed user id in constant time.
 * @throws KefuError `unauthorized` for a missing secret, a malformed id or a wrong hash.
 */
export function verifyUserHash(identitySecret: string | null, userId: string, hash: string): void {
  if (!identitySecret)
    throw new KefuError('unauthorized', 'identity verification is not set up for this tenant');
  if (!USER_ID_PATTERN.test(userId))
    throw new KefuError('unauthorized', 'userId: 1 to 191 printable ASCII characters');
  const expected = Buffer.from(userHash(identitySecret, userId), 'hex');
  const given = /^[0-9a-fA-F]{64}$/.test(hash) ? Buffer.from(hash, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new KefuError('unauthorized', 'userHash does not match userId');
  }
}
