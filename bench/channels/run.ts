/**
 * `bun bench/channels/run.ts [--n 500] [--mysql]`: what the channels cost, measured on a
 * real kefu (in-process, port 0) with local peers.
 *
 * 1. WeChat: safe-mode callback → decrypt → store → bot → encrypted passive reply, over
 *    HTTP, one at a time and 16 at a time.
 * 2. API channel: POST → 201 latency with no webhooks, then with a fast and a hanging
 *    webhook subscribed (the message path must not notice them).
 * 3. Webhooks: event → signed delivery at a local receiver, end to end.
 * 4. Email: inbound MIME with a 10 MB attachment, parse + store.
 */
import { parseArgs } from 'node:util';
import { rawEmail, startWebhookReceiver, testBot } from '../../tests/support/channels.ts';
import { startTestKefu } from '../../tests/support/kefu.ts';
import { FakeWechat } from '../../tests/support/wechat-client.ts';
import { textMessage } from '../../tests/support/wechat-samples.ts';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '500' }, mysql: { type: 'boolean', default: false } },
});
const N = Number(values.n);

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return {
    n: s.length,
    p50: +at(0.5).toFixed(2),
    p99: +at(0.99).toFixed(2),
    max: +s.at(-1)!.toFixed(2),
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

async function pool(count: number, concurrency: number, task: (i: number) => Promise<number>) {
  const out: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) out.push(await task(next++));
    }),
  );
  return out;
}

const k = await startTestKefu(
  values.mysql ? 'mysql' : 'sqlite',
  { KEFU_RATE_LIMIT_PER_SEC: '100000', KEFU_DELIVERY_TIMEOUT_MS: '2000' },
  { bot: testBot },
);
const results: Record<string, unknown> = { engine: values.mysql ? 'mariadb' : 'sqlite', n: N };

// 1. WeChat
const aes = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const created = await k.api('/api/v1/channels/wechat', {
  method: 'POST',
  token: k.tenant.apiKey,
  json: {
    appId: 'wxbench',
    appSecret: 'secret',
    token: 'benchToken',
    encodingAesKey: aes,
    mode: 'safe',
  },
});
const { callbackPath } = (await created.json()) as { callbackPath: string };
const wechat = new FakeWechat({
  appId: 'wxbench',
  token: 'benchToken',
  encodingAesKey: aes,
  mode: 'safe',
});
let msgId = 9_000_000_000_000_000;
const callback = async (i: number) => {
  const request = wechat.post(textMessage(`question ${i}`, String(++msgId), `o-bench-${i % 200}`));
  const [ms, res] = await timed(() =>
    fetch(`${k.url}${callbackPath}?${request.query}`, { method: 'POST', body: request.body }),
  );
  const body = await res.text();
  if (!xmlHasContent(wechat, body)) throw new Error(`no passive reply: ${body.slice(0, 100)}`);
  return ms;
};
results.wechatSequential = stats(await pool(N, 1, callback));
const wall = performance.now();
results.wechatConcurrent16 = {
  ...stats(await pool(N, 16, callback)),
  perSec: Math.round(N / ((performance.now() - wall) / 1000)),
};

function xmlHasContent(side: FakeWechat, body: string): boolean {
  try {
    return side.openReply(body).xml.includes('<Content><![CDATA[Bot: question');
  } catch {
    return false;
  }
}

// 2 + 3. API channel, webhooks
const apiSay = (i: number, tag: string) =>
  timed(() =>
    k.api('/api/v1/channels/api/messages', {
      method: 'POST',
      token: k.tenant.apiKey,
      json: {
        customer: { externalId: `bench-${i % 200}` },
        text: `hello ${i}`,
        clientKey: `${tag}-${i}`,
      },
    }),
  ).then(([ms]) => ms);
results.apiNoWebhooks = stats(await pool(N, 8, (i) => apiSay(i, 'a')));

const fast = startWebhookReceiver();
const hanging = startWebhookReceiver();
hanging.respond = () => new Promise<Response>(() => {});
const sentAt = new Map<string, number>();
const endToEnd: number[] = [];
fast.respond = (q) => {
  const event = JSON.parse(q.body) as { data: { message: { text: string } } };
  const start = sentAt.get(event.data.message.text);
  if (start !== undefined) endToEnd.push(performance.now() - start);
  return new Response('ok');
};
for (const url of [fast.url, hanging.url]) {
  await k.api('/api/v1/webhooks', {
    method: 'POST',
    token: k.tenant.apiKey,
    json: { url, events: ['message.created'] },
  });
}
results.apiWithFastAndHangingWebhook = stats(
  await pool(N, 8, (i) => {
    sentAt.set(`hello ${i}`, performance.now());
    return apiSay(i, 'b');
  }),
);
const deadline = Date.now() + 60_000;
while (endToEnd.length < N && Date.now() < deadline) await Bun.sleep(20);
results.webhookEndToEnd = { ...stats(endToEnd), delivered: endToEnd.length };
results.outbox = { ...k.kefu.outbox.stats };

// 4. Email
await k.api('/api/v1/channels/email', {
  method: 'POST',
  token: k.tenant.apiKey,
  json: { fromAddress: 'support@bench.test', smtp: { host: '127.0.0.1', port: 9, secure: false } },
});
const emailTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  const raw = rawEmail({
    from: `mailer${i}@bench.test`,
    messageId: `<bench.${i}@bench.test>`,
    text: 'see attached',
    attachments: [
      {
        filename: 'big.bin',
        contentType: 'application/octet-stream',
        content: Buffer.alloc(10 * 1024 * 1024, i),
      },
    ],
  });
  const [ms, res] = await timed(() =>
    k.api('/api/v1/channels/email/inbound', {
      method: 'POST',
      token: k.tenant.apiKey,
      headers: { 'content-type': 'message/rfc822' },
      body: raw,
    }),
  );
  if (res.status !== 201) throw new Error(`email: ${res.status}`);
  emailTimes.push(ms);
}
results.email10MbAttachment = stats(emailTimes);

await fast.stop();
await hanging.stop();
await k.stop();
console.log(JSON.stringify(results, null, 2));
