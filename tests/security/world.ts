/**
 * A tenant with one of everything, built through the public API: the resources the
 * isolation matrix names (conversation, note, ticket, customer, identity, group, SLA
 * policy, canned response, channels, webhook and its deliveries, rules, bot dataset,
 * job, model version, FAQ). Every text it writes carries the tenant's `tag`, so another
 * tenant's responses can be searched for it.
 */
import { expect } from 'bun:test';
import { type CreatedTenant, createAgent } from '../../src/accounts/index.ts';
import { GYM_EXAMPLES } from '../bot-admin/fixtures.ts';
import type { TestKefu } from '../support/kefu.ts';
import { TestSocket } from '../support/ws-client.ts';

export interface World {
  tag: string;
  tenantId: string;
  apiKey: string;
  widgetKey: string;
  adminId: string;
  adminToken: string;
  agentId: string;
  agentToken: string;
  conversationId: string;
  customerId: string;
  visitorToken: string;
  messageId: string;
  noteId: string;
  ticketId: string;
  groupId: string;
  slaId: string;
  cannedId: string;
  wechatChannelId: string;
  emailChannelId: string;
  webhookId: string;
  deliveryId: string;
  identityId: string;
  datasetId: string;
  jobId: string;
  modelVersion: number;
  rulesVersion: number;
  faqId: string;
  /** A second API key of the tenant (the first one is `apiKey`). */
  apiKeyId: string;
}

let worlds = 0;

async function login(k: TestKefu, email: string, password: string): Promise<string> {
  const res = await k.api('/api/v1/auth/login', { method: 'POST', json: { email, password } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** Builds the world of `tenant` on `k` (the bot must be on for the dataset and model). */
export async function buildWorld(k: TestKefu, tenant: CreatedTenant, tag: string): Promise<World> {
  const n = ++worlds;
  const password = 'correct horse battery';
  const people: Record<string, { id: string; token: string }> = {};
  for (const role of ['admin', 'agent'] as const) {
    const email = `${role}${n}.${Date.now()}@${tag.toLowerCase()}.example.com`;
    const user = await createAgent(k.kefu.store, {
      tenantId: tenant.tenantId,
      email,
      password,
      role,
      name: `${tag} ${role}`,
    } as never);
    people[role] = { id: user.id, token: await login(k, email, password) };
  }
  const call = async (method: string, path: string, json?: unknown, token = tenant.apiKey) => {
    const res = await k.api(`/api/v1${path}`, { method, json, token });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return text ? (JSON.parse(text) as any) : undefined;
  };

  // The webhook first, so the customer's message leaves a (dead) delivery behind.
  const hook = await call('POST', '/webhooks', {
    url: `http://127.0.0.1:9/${tag}/hook`,
    events: ['message.created'],
    description: `${tag} webhook`,
  });

  const customer = await TestSocket.open(`${k.wsUrl}/ws/customer?widgetKey=${tenant.widgetKey}`);
  const welcome = await customer.nextOf('welcome');
  customer.send({ t: 'msg', clientMsgId: `${tag}-1`, text: `${tag} secret message` });
  const ack = await customer.nextOf('ack');
  customer.close();

  const conversationId = welcome.conversationId as string;
  const customerId = welcome.customerId as string;
  const note = await call(
    'POST',
    `/conversations/${conversationId}/notes`,
    { text: `${tag} internal note` },
    people.admin!.token,
  );
  const ticket = await call('POST', '/tickets', {
    subject: `${tag} ticket subject`,
    conversationId,
    requesterId: customerId,
    comment: { body: `${tag} ticket comment`, public: false },
  });
  const group = await call('POST', '/groups', { key: 'billing', name: `${tag} group` });
  const sla = await call('POST', '/sla-policies', {
    name: `${tag} policy`,
    targets: { normal: { firstResponseMin: 60 } },
    active: false,
  });
  const canned = await call('POST', '/canned-responses', {
    shortcut: 'hello',
    title: `${tag} canned`,
    body: `${tag} canned body`,
  });
  const wechat = await call('POST', '/channels/wechat', {
    appId: `wx${tag}`,
    appSecret: `${tag}appsecret`,
    token: `tok${n}x`,
    mode: 'plain',
    welcomeText: `${tag} welcome`,
  });
  const email = await call('POST', '/channels/email', {
    fromAddress: `help@${tag.toLowerCase()}.example.com`,
    fromName: `${tag} help`,
    smtp: { host: '127.0.0.1', port: 2525, secure: false },
  });
  const identity = await call('POST', `/customers/${customerId}/identities`, {
    channel: 'api',
    externalId: `${tag}-external`,
  });
  const current = await call('GET', '/rules');
  const rule = {
    id: 'r1',
    name: `${tag} rule`,
    enabled: true,
    match: 'all',
    conditions: [],
    actions: [{ type: 'bot_answer' }],
  };
  await call('PUT', '/rules', { baseVersion: current.version, rules: [rule] });
  const rules = await call('PUT', '/rules', {
    baseVersion: current.version + 1,
    rules: [{ ...rule, name: `${tag} rule two` }],
  });
  const dataset = await call('POST', '/bot/datasets', {
    name: `${tag} dataset`,
    examples: GYM_EXAMPLES,
  });
  const job = await call('POST', '/bot/train', { datasetId: dataset.dataset.id, seed: 1 });
  for (;;) {
    const state = await call('GET', `/bot/jobs/${job.id}`);
    if (state.status !== 'training') {
      expect(state.status).toBe('ready');
      break;
    }
    await Bun.sleep(50);
  }
  const faq = await call('POST', '/bot/faq', {
    title: `${tag} faq title`,
    body: `${tag} faq body`,
    language: 'en',
  });

  const extraKey = await call('POST', '/api-keys', {
    name: `${tag} reader`,
    scopes: ['tickets:read'],
  });

  let deliveryId: string | undefined;
  for (let i = 0; i < 200 && !deliveryId; i++) {
    const page = await call('GET', '/webhooks/deliveries');
    deliveryId = page.deliveries[0]?.id;
    if (!deliveryId) await Bun.sleep(25);
  }
  if (!deliveryId) throw new Error('no webhook delivery');

  return {
    tag,
    tenantId: tenant.tenantId,
    apiKey: tenant.apiKey,
    widgetKey: tenant.widgetKey,
    adminId: people.admin!.id,
    adminToken: people.admin!.token,
    agentId: people.agent!.id,
    agentToken: people.agent!.token,
    conversationId,
    customerId,
    visitorToken: welcome.visitorToken,
    messageId: ack.id,
    noteId: note.id,
    ticketId: ticket.id,
    groupId: group.id,
    slaId: sla.id,
    cannedId: canned.id,
    wechatChannelId: wechat.channelId,
    emailChannelId: email.channelId,
    webhookId: hook.webhook.id,
    deliveryId,
    identityId: identity.identities.find((i: any) => i.externalId === `${tag}-external`).id,
    datasetId: dataset.dataset.id,
    jobId: job.id,
    modelVersion: 1,
    rulesVersion: rules.version,
    faqId: faq.id,
    apiKeyId: extraKey.apiKey.id,
  };
}

/** Everything of the world's tenant that a mutation could change, read with its own key. */
export async function snapshot(k: TestKefu, w: World): Promise<Record<string, string>> {
  const paths = [
    `/conversations/${w.conversationId}`,
    `/conversations/${w.conversationId}/messages`,
    `/conversations/${w.conversationId}/notes`,
    `/conversations/${w.conversationId}/events`,
    `/tickets/${w.ticketId}`,
    `/tickets/${w.ticketId}/comments`,
    `/customers/${w.customerId}`,
    `/customers/${w.customerId}/identities`,
    '/groups',
    '/sla-policies',
    '/canned-responses',
    '/channels',
    '/channels/web/identity-secret',
    `/channels/${w.wechatChannelId}`,
    `/channels/${w.emailChannelId}`,
    '/webhooks',
    '/rules',
    '/rules/versions',
    '/agents',
    '/tenant',
    '/bot/datasets',
    '/bot/models',
    '/bot/answers',
    '/bot/faq',
    '/api-keys',
  ];
  const out: Record<string, string> = {};
  await Promise.all(
    paths.map(async (path) => {
      const res = await k.api(`/api/v1${path}`, { token: w.apiKey });
      out[path] = `${res.status} ${await res.text()}`;
    }),
  );
  return out;
}

/** The ids and texts of `w` that must never appear in another tenant's answers. */
export function secretsOf(w: World): string[] {
  return [
    w.tag,
    w.tenantId,
    w.adminId,
    w.agentId,
    w.conversationId,
    w.customerId,
    w.messageId,
    w.noteId,
    w.ticketId,
    w.groupId,
    w.slaId,
    w.cannedId,
    w.wechatChannelId,
    w.emailChannelId,
    w.webhookId,
    w.deliveryId,
    w.identityId,
    w.datasetId,
    w.jobId,
    w.faqId,
    w.apiKeyId,
  ].filter((s) => typeof s === 'string' && s.length > 0);
}
