import { describe, expect, it } from 'bun:test';
import {
  sha1Sorted,
  wechatDecryptRaw,
  wechatEncrypt,
  wechatEncryptRaw,
} from '../../support/wechat-client.ts';
import { TEXT, textMessage } from '../../support/wechat-samples.ts';
import { AES_KEY, APP_ID, errorCodeOf, setUp, TOKEN } from './inbound-helpers.ts';

const BOMB = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>
<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[o]]></FromUserName>
<CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&e;&e;&e;&e;</Content>
<MsgId>1</MsgId></xml>`;

describe('hostile or broken callbacks', () => {
  it('refuses a signed entity bomb quickly and processes nothing', async () => {
    for (const mode of ['plain', 'safe'] as const) {
      const { wechat, seen, call } = setUp(mode);
      const started = performance.now();
      const response = await call(wechat.post(BOMB));
      expect(performance.now() - started).toBeLessThan(1000);
      expect(response.status).toBe(400);
      expect(errorCodeOf(response)).toBe('invalid_xml');
      expect(seen).toHaveLength(0);
    }
  });

  it('still delivers a customer text that quotes a DOCTYPE', async () => {
    for (const mode of ['plain', 'safe'] as const) {
      const { wechat, seen, call } = setUp(mode);
      const response = await call(wechat.post(textMessage('<!DOCTYPE html><html>')));
      expect(response.status).toBe(200);
      expect(seen[0]).toMatchObject({ content: '<!DOCTYPE html><html>' });
    }
  });

  it('keeps the reason it sends back short', async () => {
    const { wechat, call } = setUp('plain');
    const response = await call(wechat.post(`<xml>${'<a'.repeat(5000)}`));
    expect(response.status).toBe(400);
    expect(response.body.length).toBeLessThan(300);
  });

  it('refuses an oversized body', async () => {
    const { wechat, seen, call } = setUp('compatible');
    const huge = TEXT.replace('this is a test', 'x'.repeat(100 * 1024));
    const response = await call(wechat.post(huge, { encrypt: false }));
    expect(response.status).toBe(413);
    expect(errorCodeOf(response)).toBe('payload_too_large');
    expect(seen).toHaveLength(0);
  });

  it('honours a configured body cap', async () => {
    const { wechat, call } = setUp('plain', undefined, { maxBodyBytes: 256 });
    expect((await call(wechat.post(TEXT))).status).toBe(413);
  });

  it('refuses malformed XML, plain or inside the ciphertext', async () => {
    for (const mode of ['plain', 'safe'] as const) {
      const { wechat, seen, call } = setUp(mode);
      const response = await call(wechat.post('<xml><MsgType>text</Content></xml>'));
      expect(response.status).toBe(400);
      expect(seen).toHaveLength(0);
    }
  });

  it('refuses bad padding inside a correctly signed ciphertext', async () => {
    const { wechat, seen, call } = setUp('safe');
    const request = wechat.post(TEXT);
    const plain = wechatDecryptRaw(AES_KEY, wechatEncrypt(AES_KEY, APP_ID, TEXT));
    plain[plain.length - 1] = 0;
    const encrypt = wechatEncryptRaw(AES_KEY, plain);
    const { timestamp, nonce } = Object.fromEntries(request.query) as Record<string, string>;
    request.query.set('msg_signature', sha1Sorted(TOKEN, timestamp!, nonce!, encrypt));
    request.body = `<xml><ToUserName><![CDATA[toUser]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    const response = await call(request);
    expect(response.status).toBe(400);
    expect(errorCodeOf(response)).toBe('invalid_ciphertext');
    expect(seen).toHaveLength(0);
  });

  it('refuses a message missing documented fields', async () => {
    const { wechat, seen, call } = setUp('plain');
    const response = await call(
      wechat.post(TEXT.replace(/<MsgId>.*<\/MsgId>/, '').replace(/<Content>.*<\/Content>/, '')),
    );
    expect(response.status).toBe(400);
    expect(seen).toHaveLength(0);
  });
});
