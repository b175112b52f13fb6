import { describe, expect, it } from 'bun:test';
import {
  createWechatCipher,
  parseEncodingAesKey,
  signatureMatches,
  signCallback,
  signEncrypted,
} from '../../../src/channels/wechat/index.ts';
import { KefuError } from '../../../src/errors.ts';
import {
  sha1Sorted,
  wechatDecrypt,
  wechatDecryptRaw,
  wechatEncrypt,
  wechatEncryptRaw,
} from '../../support/wechat-client.ts';

// The worked example shipped with WXBizMsgCrypt (WeCom's URL verification sample; the
// encryption is the same for Official Accounts, with the AppID as receiver id).
const SAMPLE = {
  token: 'QDG6eK',
  receiverId: 'wx5823bf96d3bd56c7',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  timestamp: '1409659589',
  nonce: '263014780',
  msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  echostr:
    'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
};

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wx0123456789abcdef';

function expectKefuError(run: () => unknown, code: string): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KefuError);
    expect((error as KefuError).code).toBe(code as KefuError['code']);
    return;
  }
  throw new Error(`expected a KefuError ${code}`);
}

describe('WeChat signatures', () => {
  it('reproduces the msg_signature of the documented sample', () => {
    const { token, timestamp, nonce, echostr } = SAMPLE;
    expect(signEncrypted(token, timestamp, nonce, echostr)).toBe(SAMPLE.msgSignature);
  });

  it('signs token, timestamp and nonce sorted, like WeChat', () => {
    expect(signCallback('tok', '1700000000', 'n1')).toBe(sha1Sorted('1700000000', 'n1', 'tok'));
  });

  it('compares signatures ignoring hex case and refuses anything else', () => {
    const good = signCallback('tok', '1', '2');
    expect(signatureMatches(good, good)).toBe(true);
    expect(signatureMatches(good.toUpperCase(), good)).toBe(true);
    const flipped = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
    expect(signatureMatches(flipped, good)).toBe(false);
    expect(signatureMatches(good.slice(1), good)).toBe(false);
    expect(signatureMatches(null, good)).toBe(false);
  });
});

describe('WXBizMsgCrypt', () => {
  it('decrypts the documented sample to its receiver id', () => {
    const cipher = createWechatCipher(SAMPLE.encodingAesKey, SAMPLE.receiverId);
    expect(cipher.decrypt(SAMPLE.echostr)).toBe('1616140317555161061');
  });

  it('refuses the documented sample for another appid', () => {
    const cipher = createWechatCipher(SAMPLE.encodingAesKey, 'wx0000000000000000');
    expectKefuError(() => cipher.decrypt(SAMPLE.echostr), 'appid_mismatch');
  });

  it('encrypts byte for byte like an independent implementation', () => {
    const random = Buffer.from('0123456789abcdef');
    const message = '<xml><Content><![CDATA[你好, kefu]]></Content></xml>';
    const ours = createWechatCipher(KEY, APP_ID).encrypt(message, random);
    expect(ours).toBe(wechatEncrypt(KEY, APP_ID, message, random));
    expect(wechatDecrypt(KEY, ours)).toEqual({ msg: message, appId: APP_ID });
  });

  it('round-trips messages of every length around the 32-byte padding block', () => {
    const cipher = createWechatCipher(KEY, APP_ID);
    for (let length = 0; length <= 70; length++) {
      const message = '中'.repeat(length % 3) + 'x'.repeat(length);
      const encrypted = cipher.encrypt(message);
      expect(cipher.decrypt(encrypted)).toBe(message);
      const raw = wechatDecryptRaw(KEY, encrypted);
      expect(raw.length % 32).toBe(0);
      const pad = raw[raw.length - 1]!;
      expect(pad).toBeGreaterThanOrEqual(1);
      expect(pad).toBeLessThanOrEqual(32);
    }
  });

  it('pads a block-aligned plaintext with a whole block of 32', () => {
    // 16 random + 4 length + 26 message + 18 appid = 64 bytes, already aligned.
    const message = 'x'.repeat(64 - 16 - 4 - APP_ID.length);
    const raw = wechatDecryptRaw(KEY, createWechatCipher(KEY, APP_ID).encrypt(message));
    expect(raw.length).toBe(96);
    expect(raw[95]).toBe(32);
  });

  it('decrypts what the independent implementation encrypted', () => {
    const message = '<xml><MsgId>9223372036854775807</MsgId></xml>';
    const encrypted = wechatEncrypt(KEY, APP_ID, message);
    expect(createWechatCipher(KEY, APP_ID).decrypt(encrypted)).toBe(message);
  });

  it('refuses a plaintext encrypted for another appid', () => {
    const encrypted = wechatEncrypt(KEY, 'wxffffffffffffffff', '<xml/>');
    expectKefuError(() => createWechatCipher(KEY, APP_ID).decrypt(encrypted), 'appid_mismatch');
  });

  it('refuses bad padding', () => {
    const plain = wechatDecryptRaw(KEY, wechatEncrypt(KEY, APP_ID, '<xml/>'));
    const cipher = createWechatCipher(KEY, APP_ID);
    const zeroPad = Buffer.from(plain);
    zeroPad[zeroPad.length - 1] = 0;
    expectKefuError(() => cipher.decrypt(wechatEncryptRaw(KEY, zeroPad)), 'invalid_ciphertext');
    const tooLarge = Buffer.from(plain);
    tooLarge[tooLarge.length - 1] = 33;
    expectKefuError(() => cipher.decrypt(wechatEncryptRaw(KEY, tooLarge)), 'invalid_ciphertext');
    // 16 + 4 + 6 ('<xml/>') + 18 = 44 bytes, so 20 bytes of padding, each 20.
    const inconsistent = Buffer.from(plain);
    expect(inconsistent[inconsistent.length - 1]).toBe(20);
    inconsistent[inconsistent.length - 20] = 19;
    expectKefuError(
      () => cipher.decrypt(wechatEncryptRaw(KEY, inconsistent)),
      'invalid_ciphertext',
    );
  });

  it('refuses a message length pointing past the plaintext', () => {
    const plain = wechatDecryptRaw(KEY, wechatEncrypt(KEY, APP_ID, '<xml/>'));
    plain.writeUInt32BE(10_000, 16);
    const encrypted = wechatEncryptRaw(KEY, plain);
    expectKefuError(() => createWechatCipher(KEY, APP_ID).decrypt(encrypted), 'invalid_ciphertext');
  });

  it('refuses ciphertexts that are not base64 or not whole AES blocks', () => {
    const cipher = createWechatCipher(KEY, APP_ID);
    expectKefuError(() => cipher.decrypt(''), 'invalid_ciphertext');
    expectKefuError(() => cipher.decrypt('not base64!'), 'invalid_ciphertext');
    expectKefuError(
      () => cipher.decrypt(Buffer.alloc(20).toString('base64')),
      'invalid_ciphertext',
    );
  });

  it('validates the EncodingAESKey', () => {
    expect(parseEncodingAesKey(KEY).length).toBe(32);
    expectKefuError(() => parseEncodingAesKey(KEY.slice(1)), 'validation_failed');
    expectKefuError(() => parseEncodingAesKey(`${KEY}A`), 'validation_failed');
    expectKefuError(() => parseEncodingAesKey(`${KEY.slice(1)}=`), 'validation_failed');
    expectKefuError(() => parseEncodingAesKey(`${KEY.slice(1)}-`), 'validation_failed');
  });
});
