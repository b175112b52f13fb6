import { describe, expect, it } from 'bun:test';
import { DEFAULT_UNSUPPORTED_REPLY } from '../../../src/channels/wechat/index.ts';
import { sha1Sorted, xmlField } from '../../support/wechat-client.ts';
import { CLICK, SUBSCRIBE_QRSCENE, TEXT, textMessage } from '../../support/wechat-samples.ts';
import { APP_ID, errorCodeOf, setUp } from './inbound-helpers.ts';

describe('URL verification', () => {
  for (const mode of ['plain', 'compatible', 'safe'] as const) {
    it(`echoes echostr for a valid signature in ${mode} mode`, async () => {
      const { wechat, call } = setUp(mode);
      const response = await call(wechat.verifyUrl('7218331547395720352'));
      expect(response).toMatchObject({ status: 200, body: '7218331547395720352' });
      expect(response.contentType).toStartWith('text/plain');
    });
  }

  it('refuses a bad signature', async () => {
    const { wechat, call } = setUp('plain');
    const request = wechat.verifyUrl('12345');
    request.query.set('signature', sha1Sorted('wrong-token', '1', '2'));
    const response = await call(request);
    expect(response.status).toBe(401);
    expect(errorCodeOf(response)).toBe('invalid_signature');
    expect(response.body).not.toContain('12345');
  });
});

describe('plain mode', () => {
  it('hands the message to the engine and answers with a passive text reply', async () => {
    const { wechat, seen, clock, call } = setUp('plain');
    const response = await call(wechat.post(textMessage('你好 ]]> world')));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      type: 'text',
      content: '你好 ]]> world',
      fromUserName: 'oUserOpenId',
    });
    expect(response.status).toBe(200);
    expect(response.contentType).toContain('xml');
    expect(xmlField(response.body, 'ToUserName')).toBe('oUserOpenId');
    expect(xmlField(response.body, 'FromUserName')).toBe('gh_account');
    expect(xmlField(response.body, 'MsgType')).toBe('text');
    expect(xmlField(response.body, 'CreateTime')).toBe(String(clock.ms / 1000));
    expect(response.body).toContain(
      '<Content><![CDATA[echo: 你好 ]]]]><![CDATA[> world]]></Content>',
    );
  });

  it('answers success when the engine has nothing to say', async () => {
    const { wechat, call } = setUp('plain', async () => ({ kind: 'none' }));
    const response = await call(wechat.post(TEXT));
    expect(response).toMatchObject({ status: 200, body: 'success' });
  });

  it('lets the engine answer an event, e.g. a welcome on subscribe', async () => {
    const { wechat, seen, call } = setUp('plain', async () => ({
      kind: 'reply',
      text: 'Welcome!',
    }));
    const response = await call(wechat.post(SUBSCRIBE_QRSCENE));
    expect(seen[0]).toMatchObject({ type: 'event', event: 'subscribe', sceneKey: '123123' });
    expect(xmlField(response.body, 'Content')).toBe('Welcome!');
  });

  it('refuses a bad signature and processes nothing', async () => {
    const { wechat, seen, call } = setUp('plain');
    const request = wechat.post(TEXT);
    request.query.set('signature', '0'.repeat(40));
    const response = await call(request);
    expect(response.status).toBe(401);
    expect(errorCodeOf(response)).toBe('invalid_signature');
    expect(seen).toHaveLength(0);
  });

  it('refuses a request without timestamp or nonce', async () => {
    const { wechat, call } = setUp('plain');
    const request = wechat.post(TEXT);
    request.query.delete('nonce');
    expect((await call(request)).status).toBe(401);
  });
});

describe('compatible mode', () => {
  it('decrypts an encrypted message and encrypts the reply for the right appid', async () => {
    const { wechat, seen, call } = setUp('compatible');
    const response = await call(wechat.post(textMessage('hello')));
    expect(seen[0]).toMatchObject({ type: 'text', content: 'hello' });
    const opened = wechat.openReply(response.body);
    expect(opened.signatureValid).toBe(true);
    expect(opened.appId).toBe(APP_ID);
    expect(xmlField(opened.xml, 'Content')).toBe('echo: hello');
    expect(xmlField(opened.xml, 'ToUserName')).toBe('oUserOpenId');
  });

  it('accepts a plaintext message with a valid signature and replies in plaintext', async () => {
    const { wechat, seen, call } = setUp('compatible');
    const response = await call(wechat.post(textMessage('plain one'), { encrypt: false }));
    expect(seen[0]).toMatchObject({ content: 'plain one' });
    expect(response.body).not.toContain('<Encrypt>');
    expect(xmlField(response.body, 'Content')).toBe('echo: plain one');
  });

  it('trusts the encrypted copy, not the plaintext fields beside it', async () => {
    const { wechat, seen, call } = setUp('compatible');
    const request = wechat.post(textMessage('real'));
    request.body = request.body.replace('<![CDATA[real]]>', '<![CDATA[forged]]>');
    await call(request);
    expect(seen[0]).toMatchObject({ content: 'real' });
  });

  it('refuses an encrypted message with a bad msg_signature', async () => {
    const { wechat, seen, call } = setUp('compatible');
    const request = wechat.post(TEXT);
    request.query.set('msg_signature', sha1Sorted('x'));
    const response = await call(request);
    expect(response.status).toBe(401);
    expect(seen).toHaveLength(0);
  });
});

describe('safe mode', () => {
  it('round-trips: decrypts, hands over, replies encrypted', async () => {
    const { wechat, seen, call } = setUp('safe');
    const request = wechat.post(textMessage('安全模式'));
    expect(request.body).not.toContain('安全模式');
    const response = await call(request);
    expect(seen[0]).toMatchObject({ type: 'text', content: '安全模式' });
    const opened = wechat.openReply(response.body);
    expect(opened).toMatchObject({ appId: APP_ID, signatureValid: true });
    expect(xmlField(opened.xml, 'Content')).toBe('echo: 安全模式');
  });

  it('refuses a request signed only with signature', async () => {
    const { wechat, seen, call } = setUp('safe');
    const request = wechat.post(TEXT);
    request.query.delete('msg_signature');
    request.query.delete('encrypt_type');
    const response = await call(request);
    expect(response.status).toBe(401);
    expect(seen).toHaveLength(0);
  });

  it('refuses a plaintext body', async () => {
    const { wechat, call } = setUp('safe');
    const request = wechat.post(TEXT);
    request.body = TEXT;
    const response = await call(request);
    expect(response.status).toBe(400);
    expect(errorCodeOf(response)).toBe('invalid_xml');
  });

  it('refuses a message encrypted for another appid', async () => {
    const { wechat, seen, call } = setUp('safe');
    const response = await call(wechat.post(TEXT, { appId: 'wxffffffffffffffff' }));
    expect(response.status).toBe(401);
    expect(errorCodeOf(response)).toBe('appid_mismatch');
    expect(seen).toHaveLength(0);
  });
});

describe('what kefu does not handle', () => {
  it('answers an unsupported message type politely without troubling the engine', async () => {
    const { wechat, seen, call } = setUp('plain');
    const response = await call(wechat.post(TEXT.replace('[text]', '[miniprogrampage]')));
    expect(response.status).toBe(200);
    expect(xmlField(response.body, 'Content')).toBe(DEFAULT_UNSUPPORTED_REPLY);
    expect(xmlField(response.body, 'ToUserName')).toBe('fromUser');
    expect(seen).toHaveLength(0);
    expect(response.message).toMatchObject({ type: 'unsupported', msgType: 'miniprogrampage' });
  });

  it('answers success to an unknown event', async () => {
    const { wechat, seen, call } = setUp('safe');
    const response = await call(wechat.post(CLICK.replace('[CLICK]', '[TEMPLATESENDJOBFINISH]')));
    expect(response).toMatchObject({ status: 200, body: 'success' });
    expect(seen).toHaveLength(0);
  });

  it('refuses methods other than GET and POST', async () => {
    const { wechat, call } = setUp('plain');
    const response = await call({ ...wechat.post(TEXT), method: 'PUT' });
    expect(response.status).toBe(405);
  });

  it('answers 500 for a misconfigured channel, without details', async () => {
    const { wechat, call } = setUp('safe', undefined, { encodingAesKey: undefined });
    const response = await call(wechat.post(TEXT, { encrypt: false }));
    expect(response.status).toBe(500);
    expect(errorCodeOf(response)).toBe('internal');
  });
});
