/**
 * Channel secrets never reach the logs, even when the calls that use them fail: a WeChat
 * account with a wrong AppSecret, an SMTP server that is not there, a webhook that fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { Writable } from 'node:stream';
import { createAgent, createTenant } from '../../src/accounts/index.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { type Kefu, startKefu } from '../../src/main.ts';
import { rawEmail, startWebhookReceiver, waitFor } from '../support/channels.ts';
import { sqliteDatabase, type TestDatabase } from '../support/databases.ts';
import { type FakeWechatApi, startFakeWechatApi } from '../support/wechat-api-server.ts';
import { FakeWechat } from '../support/wechat-client.ts';
import { textMessage } from '../support/wechat-samples.ts';
import { TestSocket } from '../support/ws-client.ts';

const APP_SECRET = 'AppSecretThatMustNotLeak42';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF0';
const TOKEN = 'TokenThatMustNotLeak';
const SMTP_PASS = 'SmtpPasswordThatMustNotLeak';

let kefu: Kefu;
let database: TestDatabase;
let api: FakeWechatApi;
const lines: string[] = [];

beforeAll(async () => {
  database = await sqliteDatabase();
  api = startFakeWechatApi({ appId: 'wxleak', appSecret: 'the-right-one' });
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger('trace', sink);
  const config = loadConfig({
    KEFU_PORT: '0',
    KEFU_HOST: '127.0.0.1',
    KEFU_DATA_DIR: database.dataDir,
    KEFU_WECHAT_API_BASE_URL: api.baseUrl,
    KEFU_DELIVERY_MAX_ATTEMPTS: '1',
    KEFU_DELIVERY_TIMEOUT_MS: '2000',
  });
  kefu = await startKefu(config, log);
}, 60_000);
afterAll(async () => {
  await kefu.stop();
  await api.stop();
  await database.drop();
});

describe('secrets in logs', () => {
  it('never logs a WeChat, SMTP or webhook secret, even when the calls fail', async () => {
    const tenant = await createTenant(kefu.store, { name: 'Leaky' });
    const call = (path: string, json: unknown) =>
      fetch(`${kefu.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
    const wx = await call('/api/v1/channels/wechat', {
      appId: 'wxleak',
      appSecret: APP_SECRET,
      token: TOKEN,
      encodingAesKey: AES_KEY,
      mode: 'safe',
    });
    const { callbackPath } = (await wx.json()) as { callbackPath: string };
    await call('/api/v1/channels/email', {
      fromAddress: 'support@leak.test',
      smtp: { host: '127.0.0.1', port: 9, secure: false, user: 'support', pass: SMTP_PASS },
    });
    const receiver = startWebhookReceiver();
    receiver.respond = () => new Response('no', { status: 500 });
    const hook = await call('/api/v1/webhooks', { url: receiver.url, events: ['message.created'] });
    const { secret: webhookSecret } = (await hook.json()) as { secret: string };

    const agent = await createAgent(kefu.store, {
      tenantId: tenant.tenantId,
      email: `leak.${Date.now()}@example.com`,
      password: 'correct horse battery',
    });
    const login = await fetch(`${kefu.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: agent.email, password: 'correct horse battery' }),
    });
    const { token } = (await login.json()) as { token: string };
    const socket = await TestSocket.open(
      `${kefu.url.replace('http', 'ws')}/ws/agent?token=${token}`,
    );
    await socket.nextOf('hello');

    // WeChat: a customer asks for a person; the agent's reply fails on the wrong AppSecret.
    const wechat = new FakeWechat({
      appId: 'wxleak',
      token: TOKEN,
      encodingAesKey: AES_KEY,
      mode: 'safe',
    });
    const request = wechat.post(textMessage('a human please', '77', 'o-leak'));
    await fetch(`${kefu.url}${callbackPath}?${request.query}`, {
      method: 'POST',
      body: request.body,
    });
    const wxMsg = await socket.nextOf('msg', (f) => f.text === 'a human please');
    await socket.nextOf('conversation', (f) => f.conversation.state === 'assigned');
    socket.send({ t: 'msg', conversationId: wxMsg.conversationId, clientMsgId: 'r1', text: 'hi' });

    // Email: the reply fails on an SMTP server that is not there.
    await fetch(`${kefu.url}/api/v1/channels/email/inbound`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'message/rfc822' },
      body: rawEmail({ from: 'leak@example.com', messageId: '<leak@x>', text: 'a human please' }),
    });
    const mailMsg = await socket.nextOf(
      'msg',
      (f) => f.text.includes('a human please') && f.channel === 'email',
    );
    await socket.nextOf(
      'conversation',
      (f) => f.conversation.id === mailMsg.conversationId && f.conversation.state === 'assigned',
    );
    socket.send({
      t: 'msg',
      conversationId: mailMsg.conversationId,
      clientMsgId: 'r2',
      text: 'hello',
    });

    await waitFor(
      () =>
        (lines.some((l) => l.includes('"kind":"email"') && l.includes('dead-lettered')) &&
          lines.some((l) => l.includes('"kind":"wechat"') && l.includes('dead-lettered'))) ||
        undefined,
      15_000,
      'the failures to be logged',
    );
    const logs = lines.join('');
    expect(logs).toContain('WeChat API /cgi-bin/token failed');
    expect(logs).toContain('SMTP');
    for (const secret of [APP_SECRET, TOKEN, AES_KEY, SMTP_PASS, webhookSecret, tenant.apiKey]) {
      expect(logs).not.toContain(secret);
    }
    socket.close();
    await receiver.stop();
  }, 30_000);
});
