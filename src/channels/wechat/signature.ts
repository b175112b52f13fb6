/**
 * WeChat callback signatures: SHA-1 over the lexicographically sorted concatenation of the
 * parts. URL verification and plain-mode messages sign `token, timestamp, nonce`
 * (`signature`); encrypted messages also sign the ciphertext (`msg_signature`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The hex SHA-1 WeChat puts in `signature` / `msg_signature`.
 * @example signParts(['token', '1409659589', '263014780']) // '4bd1…' (40 hex chars)
 */
export function signParts(parts: readonly string[]): string {
  // Sorted as WeChat's samples do: by UTF-16 code unit, which equals byte order for ASCII.
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** `signature` of URL verification and plain-mode callbacks. */
export function signCallback(token: string, timestamp: string, nonce: string): string {
  return signParts([token, timestamp, nonce]);
}

/** `msg_signature` of an encrypted callback or of an encrypted passive reply. */
export function signEncrypted(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
): string {
  return signParts([token, timestamp, nonce, encrypt]);
}

/**
 * Compares a received signature with the expected one in constant time (case-insensitive
 * hex). A missing or differently sized value is simply unequal.
 */
export function signatureMatches(received: string | null | undefined, expected: string): boolean {
  if (typeof received !== 'string' || received.length !== expected.length) return false;
  const a = Buffer.from(received.toLowerCase(), 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
