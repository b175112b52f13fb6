/**
 * Plays WeChat's side of the callback protocol in tests: signs URL verifications, signs
 * and encrypts message callbacks per mode, and opens encrypted passive replies.
 *
 * Written from the protocol description, deliberately sharing no code with
 * `src/channels/wechat`, so it doubles as a cross-check of kefu's crypto.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export type WechatMode = 'plain' | 'compatible' | 'safe';

export interface FakeWechatOptions {
  appId: string;
  token: string;
  encodingAesKey?: string;
  mode: WechatMode;
  /** Epoch ms used for timestamps (default `Date.now`). */
  now?: () => number;
}

export interface CallbackRequest {
  method: string;
  query: URLSearchParams;
  body: string;
}

export interface PostOptions {
  /** Seconds; default: now. */
  timestamp?: number;
  nonce?: string;
  /** compatible mode: false sends the plaintext body only. Default true. */
  encrypt?: boolean;
  /** Encrypt for another account (wrong appid tests). */
  appId?: string;
  /** Fixed 16-byte random prefix. */
  random?: Uint8Array;
}

let nonceCounter = 0;

/** SHA-1 hex of the sorted concatenation, as WeChat signs. */
export function sha1Sorted(...parts: string[]): string {
  return createHash('sha1').update(parts.slice().sort().join('')).digest('hex');
}

function aesKey(encodingAesKey: string): Buffer {
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

/** WeChat-side encryption: random ‖ be32 len ‖ msg ‖ appid, PKCS#7 to 32 bytes. */
export function wechatEncrypt(
  encodingAesKey: string,
  appId: string,
  msg: string,
  random: Uint8Array = randomBytes(16),
): string {
  const key = aesKey(encodingAesKey);
  const msgBytes = Buffer.from(msg);
  const header = Buffer.alloc(20);
  header.set(random.subarray(0, 16), 0);
  header.writeUInt32BE(msgBytes.length, 16);
  const unpadded = Buffer.concat([header, msgBytes, Buffer.from(appId)]);
  const padLength = 32 - (unpadded.length % 32); // 1..32: a full block when aligned
  const padded = Buffer.concat([unpadded, Buffer.alloc(padLength, padLength)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** Raw AES decryption of a ciphertext, padding left in place (for tests that inspect it). */
export function wechatDecryptRaw(encodingAesKey: string, encrypted: string): Buffer {
  const key = aesKey(encodingAesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
}

/** Raw AES encryption of exactly-sized bytes (for crafting bad padding). */
export function wechatEncryptRaw(encodingAesKey: string, plain: Buffer): string {
  const key = aesKey(encodingAesKey);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** WeChat-side decryption: returns the message and the appid found after it. */
export function wechatDecrypt(
  encodingAesKey: string,
  encrypted: string,
): { msg: string; appId: string } {
  const plain = wechatDecryptRaw(encodingAesKey, encrypted);
  const pad = plain[plain.length - 1]!;
  const content = plain.subarray(16, plain.length - pad);
  const length = content.readUInt32BE(0);
  return {
    msg: content.subarray(4, 4 + length).toString(),
    appId: content.subarray(4 + length).toString(),
  };
}

function cdataOf(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${tag}>`).exec(
    xml,
  );
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Builds callback requests the way WeChat's servers send them to one account. */
export class FakeWechat {
  constructor(private readonly options: FakeWechatOptions) {}

  private seconds(): number {
    return Math.floor((this.options.now ?? Date.now)() / 1000);
  }

  /** The GET WeChat sends when the server URL is saved. */
  verifyUrl(
    echostr: string,
    options: { timestamp?: number; nonce?: string } = {},
  ): CallbackRequest {
    const timestamp = String(options.timestamp ?? this.seconds());
    const nonce = options.nonce ?? `${++nonceCounter}${Date.now()}`;
    const signature = sha1Sorted(this.options.token, timestamp, nonce);
    return {
      method: 'GET',
      query: new URLSearchParams({ signature, echostr, timestamp, nonce }),
      body: '',
    };
  }

  /** A signed (and, per mode, encrypted) message callback carrying `xml`. */
  post(xml: string, options: PostOptions = {}): CallbackRequest {
    const { token, mode } = this.options;
    const timestamp = String(options.timestamp ?? this.seconds());
    const nonce = options.nonce ?? `${++nonceCounter}${Date.now() % 100000}`;
    const openid = cdataOf(xml, 'FromUserName') ?? '';
    const query = new URLSearchParams({
      signature: sha1Sorted(token, timestamp, nonce),
      timestamp,
      nonce,
      openid,
    });
    const encrypt = mode === 'safe' || (mode === 'compatible' && options.encrypt !== false);
    if (!encrypt) return { method: 'POST', query, body: xml };

    const key = this.options.encodingAesKey ?? '';
    const encrypted = wechatEncrypt(key, options.appId ?? this.options.appId, xml, options.random);
    query.set('encrypt_type', 'aes');
    query.set('msg_signature', sha1Sorted(token, timestamp, nonce, encrypted));
    const envelope = `<Encrypt><![CDATA[${encrypted}]]></Encrypt>`;
    const body =
      mode === 'safe'
        ? `<xml><ToUserName><![CDATA[${cdataOf(xml, 'ToUserName')}]]></ToUserName>${envelope}</xml>`
        : xml.replace('</xml>', `${envelope}</xml>`);
    return { method: 'POST', query, body };
  }

  /** Opens an encrypted passive reply as WeChat does: signature check, then decryption. */
  openReply(body: string): { xml: string; appId: string; signatureValid: boolean } {
    const encrypted = cdataOf(body, 'Encrypt') ?? '';
    const signature = cdataOf(body, 'MsgSignature') ?? '';
    const timestamp = cdataOf(body, 'TimeStamp') ?? '';
    const nonce = cdataOf(body, 'Nonce') ?? '';
    const signatureValid =
      sha1Sorted(this.options.token, timestamp, nonce, encrypted) === signature;
    const { msg, appId } = wechatDecrypt(this.options.encodingAesKey ?? '', encrypted);
    return { xml: msg, appId, signatureValid };
  }
}

/** The text between `<tag>` and `</tag>` in a flat WeChat XML (CDATA unwrapped). */
export function xmlField(xml: string, tag: string): string | undefined {
  return cdataOf(xml, tag);
}
