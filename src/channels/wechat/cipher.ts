/**
 * WXBizMsgCrypt, the message encryption of WeChat's compatible and safe modes.
 *
 * AES-256-CBC with key = base64(EncodingAESKey + '='), IV = the key's first 16 bytes, and
 * no cipher padding: the plaintext `random(16) ‖ uint32be(len) ‖ msg ‖ appId` is padded
 * by hand with PKCS#7 to a block of 32 bytes (WeChat's choice, not AES's 16).
 */
import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { KefuError } from '../../errors.ts';

const PAD_BLOCK = 32;
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;
const ENCODING_AES_KEY = /^[A-Za-z0-9+/]{43}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Encrypts and decrypts one account's messages. */
export interface WechatCipher {
  /** Base64 ciphertext for `<Encrypt>`; `random` is for reproducible tests only. */
  encrypt(message: string, random?: Uint8Array): string;
  /** The message inside a ciphertext; refuses bad base64, padding, length or appId. */
  decrypt(ciphertext: string): string;
}

/** Decodes a 43-character EncodingAESKey into the 32-byte AES key, or throws. */
export function parseEncodingAesKey(encodingAesKey: string): Buffer {
  if (!ENCODING_AES_KEY.test(encodingAesKey)) {
    throw new KefuError('validation_failed', 'EncodingAESKey must be 43 base64 characters');
  }
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

/** Builds the cipher of the account `appId` (the "receiveid" checked after decryption). */
export function createWechatCipher(encodingAesKey: string, appId: string): WechatCipher {
  const key = parseEncodingAesKey(encodingAesKey);
  const iv = key.subarray(0, 16);
  const appIdBytes = Buffer.from(appId, 'utf8');

  return {
    encrypt(message, random = randomBytes(RANDOM_BYTES)) {
      if (random.length !== RANDOM_BYTES) throw new Error('random prefix must be 16 bytes');
      const body = Buffer.from(message, 'utf8');
      const length = Buffer.alloc(LENGTH_BYTES);
      length.writeUInt32BE(body.length);
      const plain = Buffer.concat([random, length, body, appIdBytes]);
      const pad = PAD_BLOCK - (plain.length % PAD_BLOCK);
      const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
      const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
      return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
    },

    decrypt(ciphertext) {
      const bytes = BASE64.test(ciphertext) ? Buffer.from(ciphertext, 'base64') : undefined;
      if (bytes === undefined || bytes.length === 0 || bytes.length % 16 !== 0) {
        throw invalidCiphertext('not a whole number of AES blocks in base64');
      }
      const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
      const plain = Buffer.concat([decipher.update(bytes), decipher.final()]);
      const body = plain.subarray(RANDOM_BYTES, plain.length - checkPadding(plain));
      if (body.length < LENGTH_BYTES) throw invalidCiphertext('too short');
      const messageLength = body.readUInt32BE(0);
      if (messageLength > body.length - LENGTH_BYTES) {
        throw invalidCiphertext('message length beyond the plaintext');
      }
      const receivedAppId = body.subarray(LENGTH_BYTES + messageLength);
      if (
        receivedAppId.length !== appIdBytes.length ||
        !timingSafeEqual(receivedAppId, appIdBytes)
      ) {
        throw new KefuError('appid_mismatch', 'message was encrypted for another account');
      }
      return body.subarray(LENGTH_BYTES, LENGTH_BYTES + messageLength).toString('utf8');
    },
  };
}

/** Number of PKCS#7 (block 32) padding bytes at the end of `plain`, or throws. */
function checkPadding(plain: Buffer): number {
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > PAD_BLOCK || pad > plain.length - RANDOM_BYTES) {
    throw invalidCiphertext('bad padding');
  }
  for (let i = plain.length - pad; i < plain.length; i++) {
    if (plain[i] !== pad) throw invalidCiphertext('bad padding');
  }
  return pad;
}

function invalidCiphertext(reason: string): KefuError {
  return new KefuError('invalid_ciphertext', `cannot decrypt message: ${reason}`);
}
