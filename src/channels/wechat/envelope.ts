/**
 * The encrypted envelope of compatible and safe modes: opening an inbound `<Encrypt>`
 * (signature first, then decryption) and sealing a passive reply into
 * `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`.
 */
import { randomInt } from 'node:crypto';
import { KefuError } from '../../errors.ts';
import { buildWechatXml } from './build-xml.ts';
import type { WechatCipher } from './cipher.ts';
import { signatureMatches, signEncrypted } from './signature.ts';

export interface EncryptedCallback {
  encrypt: string;
  timestamp: string;
  nonce: string;
  /** The `msg_signature` query parameter. */
  msgSignature: string | null;
}

/**
 * Verifies `msg_signature` over the ciphertext, then decrypts it. The signature is checked
 * before any decryption, so nobody without the token can probe padding or appId checks.
 * @throws KefuError `invalid_signature`, `invalid_ciphertext` or `appid_mismatch`.
 */
export function openEnvelope(
  cipher: WechatCipher,
  token: string,
  callback: EncryptedCallback,
): string {
  const expected = signEncrypted(token, callback.timestamp, callback.nonce, callback.encrypt);
  if (!signatureMatches(callback.msgSignature, expected)) {
    throw new KefuError('invalid_signature', 'msg_signature does not match');
  }
  return cipher.decrypt(callback.encrypt);
}

/**
 * Encrypts a passive reply and wraps it in the signed envelope WeChat expects.
 * @param timestampSeconds the reply's `TimeStamp`
 * @param nonce a fresh nonce (default: random digits, like WeChat's own)
 */
export function sealEnvelope(
  cipher: WechatCipher,
  token: string,
  replyXml: string,
  timestampSeconds: number,
  nonce: string = String(randomInt(100_000_000, 10_000_000_000)),
): string {
  const encrypt = cipher.encrypt(replyXml);
  const timestamp = String(Math.floor(timestampSeconds));
  return buildWechatXml([
    ['Encrypt', encrypt],
    ['MsgSignature', signEncrypted(token, timestamp, nonce, encrypt)],
    ['TimeStamp', Number(timestamp)],
    ['Nonce', nonce],
  ]);
}
