/**
 * Decides whether a callback POST really comes from WeChat, per the account's mode, and
 * yields its plaintext fields: signature (or msg_signature over the ciphertext), clock
 * skew, decryption. Pure: the replay check that needs a cache is the caller's.
 */
import { KefuError } from '../../errors.ts';
import type { WechatChannel } from './channel.ts';
import { createWechatCipher } from './cipher.ts';
import { openEnvelope } from './envelope.ts';
import { parseWechatXml, type XmlFields } from './parse-xml.ts';
import { signatureMatches, signCallback } from './signature.ts';

/** A callback as the HTTP layer received it. */
export interface WechatCallbackRequest {
  method: string;
  query: URLSearchParams;
  body: string;
}

export interface AuthenticCallback {
  /** The message's fields, decrypted when it came encrypted. */
  fields: XmlFields;
  /** True when the message came encrypted: its passive reply must be encrypted too. */
  encrypted: boolean;
  timestamp: string;
  nonce: string;
}

/**
 * Authenticates and opens a callback POST.
 * - plain: `signature` over token, timestamp, nonce.
 * - compatible: plaintext bodies as plain; a body with `<Encrypt>` needs `msg_signature`.
 * - safe: `encrypt_type=aes`, `msg_signature` and `<Encrypt>` are required.
 * @throws KefuError `invalid_signature`, `stale_request`, `payload_too_large`,
 *   `invalid_xml`, `invalid_ciphertext` or `appid_mismatch`.
 */
export function authenticateCallback(
  request: WechatCallbackRequest,
  channel: WechatChannel,
  nowMs: number,
): AuthenticCallback {
  const { query, body } = request;
  const timestamp = query.get('timestamp') ?? '';
  const nonce = query.get('nonce') ?? '';
  if (!/^[0-9]{1,12}$/.test(timestamp) || !/^[A-Za-z0-9_-]{1,64}$/.test(nonce)) {
    throw new KefuError('invalid_signature', 'missing or malformed timestamp or nonce');
  }
  const requireSignature = () => {
    const expected = signCallback(channel.token, timestamp, nonce);
    if (!signatureMatches(query.get('signature'), expected)) {
      throw new KefuError('invalid_signature', 'signature does not match');
    }
  };

  const plaintext = (fields: () => XmlFields): AuthenticCallback => {
    requireSignature();
    checkClock(timestamp, channel, nowMs);
    return { fields: fields(), encrypted: false, timestamp, nonce };
  };

  if (channel.mode === 'plain') return plaintext(() => parseWechatXml(body, channel.maxBodyBytes));
  if (
    channel.mode === 'safe' &&
    (query.get('encrypt_type') !== 'aes' || !query.get('msg_signature'))
  ) {
    throw new KefuError(
      'invalid_signature',
      'safe mode requires encrypt_type=aes and msg_signature',
    );
  }
  // Parsed before any signature check in the encrypted modes: the signed ciphertext is in
  // the body. The parser is size-capped and refuses DTDs, so this costs an attacker little.
  const outer = parseWechatXml(body, channel.maxBodyBytes);
  if (outer.Encrypt === undefined) {
    if (channel.mode === 'safe')
      throw new KefuError('invalid_xml', 'safe mode body has no <Encrypt>');
    return plaintext(() => outer);
  }
  const cipher = createWechatCipher(channel.encodingAesKey ?? '', channel.appId);
  const msgSignature = query.get('msg_signature');
  const inner = openEnvelope(cipher, channel.token, {
    encrypt: outer.Encrypt,
    timestamp,
    nonce,
    msgSignature,
  });
  checkClock(timestamp, channel, nowMs);
  return { fields: parseWechatXml(inner, channel.maxBodyBytes), encrypted: true, timestamp, nonce };
}

/** Refuses a signed timestamp too far from our clock (both ways); 0 turns it off. */
function checkClock(timestamp: string, channel: WechatChannel, nowMs: number): void {
  const skew = channel.maxClockSkewSeconds;
  if (skew === 0) return;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > skew) {
    throw new KefuError('stale_request', `timestamp more than ${skew} s from server time`);
  }
}
