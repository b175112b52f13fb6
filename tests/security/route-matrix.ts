/**
 * Every HTTP route kefu serves, and how the isolation and role tests exercise it. A route
 * without an entry fails the isolation test by name: a new route needs a line here.
 *
 * Cases:
 * - `foreign`: the path names tenant B's resource; A's request must be refused (403/404).
 * - `reference`: A's own path, B's ids in the body or query; refused, or accepted without
 *   touching or showing anything of B.
 * - `own`: the caller's own collection; the answer shows nothing of B.
 */
import type { World } from './world.ts';

/** Least role that may call the route; API keys act as admins; `apiKey`: keys only. */
export type MinRole = 'agent' | 'supervisor' | 'admin' | 'apiKey';

export interface Case {
  kind: 'foreign' | 'reference' | 'own';
  /** Path parameters, from the target world (B) and the caller's world (A). */
  params?: (target: World, caller: World) => Record<string, string | number>;
  body?: (target: World, caller: World) => unknown;
  query?: (target: World, caller: World) => Record<string, string>;
  /** Raw body and content type, for routes that do not take JSON. */
  raw?: (target: World, caller: World) => { type: string; body: string };
}

export type Entry = { role: MinRole; cases: Case[] } | { role: 'public'; why: string };

const own = (role: MinRole, body?: Case['body'], query?: Case['query']): Entry => ({
  role,
  cases: [{ kind: 'own', body, query }],
});
const foreign = (role: MinRole, params: Case['params'], body?: Case['body']): Entry => ({
  role,
  cases: [{ kind: 'foreign', params, body }],
});
const both = (role: MinRole, ...cases: Case[]): Entry => ({ role, cases });

const conv = (b: World) => ({ id: b.conversationId });
const ticket = (b: World) => ({ id: b.ticketId });
const customer = (b: World) => ({ id: b.customerId });

export const ROUTES: Record<string, Entry> = {
  'GET /docs': { role: 'public', why: 'the OpenAPI page' },
  'GET /docs/json': { role: 'public', why: 'the OpenAPI document' },
  'GET /docs/assets/swagger-ui-bundle.js': { role: 'public', why: 'a static asset' },
  'GET /docs/assets/swagger-ui.css': { role: 'public', why: 'a static asset' },
  'GET /healthz': { role: 'public', why: 'liveness' },
  'GET /readyz': { role: 'public', why: 'readiness' },
  'GET /metrics': { role: 'public', why: 'metrics (KEFU_METRICS_TOKEN guards them)' },
  'POST /api/v1/auth/login': { role: 'public', why: 'login (tests/server covers it)' },
  'POST /api/v1/auth/refresh': {
    role: 'public',
    why: 'takes a refresh token, not a credential (tests/server/security.cases.ts)',
  },
  'POST /api/v1/auth/logout': {
    role: 'public',
    why: 'ends the caller’s own session only (tests/server/security.cases.ts)',
  },
  'POST /api/v1/auth/password': {
    role: 'public',
    why: 'changes the caller’s own password only (tests/server/security.cases.ts)',
  },
  'GET /api/v1/api-keys/': own('admin'),
  'POST /api/v1/api-keys/': own('admin', () => ({ name: 'from A', scopes: ['tickets:read'] })),
  'DELETE /api/v1/api-keys/:id': foreign('admin', (b) => ({ id: b.apiKeyId })),
  'GET /api/v1/audit/': both(
    'admin',
    { kind: 'own' },
    { kind: 'reference', query: (b) => ({ actor: b.adminId }) },
  ),
  'GET /wechat/:channelId': { role: 'public', why: 'WeChat callback, signed by the channel token' },
  'POST /wechat/:channelId': {
    role: 'public',
    why: 'WeChat callback, signed by the channel token',
  },

  'GET /api/v1/conversations/': both(
    'agent',
    { kind: 'own' },
    { kind: 'reference', query: (b) => ({ customerId: b.customerId }) },
    { kind: 'reference', query: (b) => ({ assignedAgentId: b.agentId }) },
  ),
  'GET /api/v1/conversations/:id': foreign('agent', conv),
  'GET /api/v1/conversations/:id/messages': foreign('agent', conv),
  'POST /api/v1/conversations/:id/messages': foreign('agent', conv, () => ({
    text: 'from tenant A',
    clientMsgId: 'a-1',
  })),
  'POST /api/v1/conversations/:id/transfer': both(
    'agent',
    { kind: 'foreign', params: conv, body: () => ({ toGroup: 'billing', reason: 'x' }) },
    {
      kind: 'reference',
      params: (_b, a) => ({ id: a.conversationId }),
      body: (b) => ({ toAgentId: b.agentId, reason: 'to B' }),
    },
  ),
  'POST /api/v1/conversations/:id/takeover': foreign('supervisor', conv),
  'GET /api/v1/conversations/:id/events': foreign('agent', conv),
  'GET /api/v1/conversations/:id/notes': foreign('agent', conv),
  'POST /api/v1/conversations/:id/notes': foreign('agent', conv, () => ({ text: 'A note' })),
  'POST /api/v1/conversations/:id/close': foreign('agent', conv),

  'GET /api/v1/agents/': own('supervisor'),
  'POST /api/v1/agents/': own('admin', () => ({
    email: `new.${Date.now()}.${Math.random()}@a.example.com`,
    password: 'correct horse battery',
    name: 'New A agent',
    role: 'agent',
  })),
  'GET /api/v1/agents/me': own('agent'),
  'GET /api/v1/agents/available': own('agent'),
  'PATCH /api/v1/agents/:id': foreign(
    'admin',
    (b) => ({ id: b.agentId }),
    () => ({
      name: 'renamed by A',
    }),
  ),

  'GET /api/v1/groups/': own('agent'),
  'POST /api/v1/groups/': own('admin', () => ({
    key: `g${Math.floor(Math.random() * 1e9)}`,
    name: 'A group',
  })),
  'PATCH /api/v1/groups/:id': foreign(
    'admin',
    (b) => ({ id: b.groupId }),
    () => ({
      name: 'renamed by A',
    }),
  ),
  'DELETE /api/v1/groups/:id': foreign('admin', (b) => ({ id: b.groupId })),

  'GET /api/v1/rules/': own('agent'),
  'PUT /api/v1/rules/': own('admin', () => ({ baseVersion: 0, rules: [] })),
  'GET /api/v1/rules/versions': own('supervisor'),
  'POST /api/v1/rules/versions/:version/restore': foreign('admin', (b) => ({
    version: b.rulesVersion,
  })),
  'POST /api/v1/rules/dry-run': own('agent', () => ({ text: 'hello' })),

  'GET /api/v1/tickets/': both(
    'agent',
    { kind: 'own' },
    { kind: 'reference', query: (b) => ({ requesterId: b.customerId }) },
    { kind: 'reference', query: (b) => ({ q: b.tag }) },
  ),
  'POST /api/v1/tickets/': both(
    'agent',
    {
      kind: 'reference',
      body: (b) => ({ subject: 'A ticket', conversationId: b.conversationId }),
    },
    { kind: 'reference', body: (b) => ({ subject: 'A ticket', requesterId: b.customerId }) },
    { kind: 'reference', body: (b) => ({ subject: 'A ticket', groupId: b.groupId }) },
    { kind: 'reference', body: (b) => ({ subject: 'A ticket', assigneeId: b.agentId }) },
  ),
  'GET /api/v1/tickets/:id': foreign('agent', ticket),
  'PATCH /api/v1/tickets/:id': both(
    'agent',
    { kind: 'foreign', params: ticket, body: () => ({ version: 1, subject: 'changed by A' }) },
    {
      kind: 'reference',
      params: (_b, a) => ({ id: a.ticketId }),
      body: (b) => ({ version: 1, assigneeId: b.agentId }),
    },
    {
      kind: 'reference',
      params: (_b, a) => ({ id: a.ticketId }),
      body: (b) => ({ version: 1, groupId: b.groupId }),
    },
  ),
  'GET /api/v1/tickets/:id/comments': foreign('agent', ticket),
  'POST /api/v1/tickets/:id/comments': foreign('agent', ticket, () => ({
    body: 'A comment',
    public: false,
  })),
  'POST /api/v1/tickets/:id/merge': both(
    'agent',
    { kind: 'foreign', params: ticket, body: (_b, a) => ({ intoId: a.ticketId }) },
    {
      kind: 'reference',
      params: (_b, a) => ({ id: a.ticketId }),
      body: (b) => ({ intoId: b.ticketId }),
    },
  ),
  'GET /api/v1/tickets/:id/events': foreign('agent', ticket),

  'GET /api/v1/sla-policies/': own('agent'),
  'POST /api/v1/sla-policies/': own('admin', () => ({
    name: 'A policy',
    targets: { normal: { firstResponseMin: 30 } },
    active: false,
  })),
  'PATCH /api/v1/sla-policies/:id': foreign(
    'admin',
    (b) => ({ id: b.slaId }),
    () => ({
      name: 'renamed by A',
    }),
  ),
  'DELETE /api/v1/sla-policies/:id': foreign('admin', (b) => ({ id: b.slaId })),

  'GET /api/v1/canned-responses/': own('agent'),
  'POST /api/v1/canned-responses/': own('supervisor', () => ({
    shortcut: `a${Math.floor(Math.random() * 1e9)}`,
    title: 'A canned',
    body: 'A body',
  })),
  'PATCH /api/v1/canned-responses/:id': foreign(
    'supervisor',
    (b) => ({ id: b.cannedId }),
    () => ({
      title: 'renamed by A',
    }),
  ),
  'DELETE /api/v1/canned-responses/:id': foreign('supervisor', (b) => ({ id: b.cannedId })),
  'POST /api/v1/canned-responses/:id/render': both(
    'agent',
    { kind: 'foreign', params: (b) => ({ id: b.cannedId }), body: () => ({}) },
    {
      kind: 'reference',
      params: (_b, a) => ({ id: a.cannedId }),
      body: (b) => ({ conversationId: b.conversationId }),
    },
  ),

  'GET /api/v1/customers/:id': foreign('agent', customer),
  'PATCH /api/v1/customers/:id': foreign('supervisor', customer, () => ({ name: 'renamed by A' })),
  'GET /api/v1/customers/:id/export': foreign('admin', customer),
  'DELETE /api/v1/customers/:id': foreign('admin', customer),
  'POST /api/v1/customers/:id/merge': both(
    'supervisor',
    { kind: 'foreign', params: customer, body: (_b, a) => ({ otherCustomerId: a.customerId }) },
    {
      kind: 'reference',
      params: (_b, a) => ({ id: a.customerId }),
      body: (b) => ({ otherCustomerId: b.customerId }),
    },
  ),
  'GET /api/v1/customers/:id/identities': foreign('agent', customer),
  'POST /api/v1/customers/:id/identities': foreign('supervisor', customer, () => ({
    channel: 'api',
    externalId: `a-${Math.random()}`,
  })),
  'DELETE /api/v1/customers/:id/identities/:identityId': both(
    'supervisor',
    { kind: 'foreign', params: (b) => ({ id: b.customerId, identityId: b.identityId }) },
    { kind: 'reference', params: (b, a) => ({ id: a.customerId, identityId: b.identityId }) },
  ),

  'POST /api/v1/bot/datasets': own('admin', () => ({
    name: 'A dataset',
    examples: [
      { text: 'hello there', label: 'greet' },
      { text: 'bye now', label: 'bye' },
    ],
  })),
  'GET /api/v1/bot/datasets': own('supervisor'),
  'GET /api/v1/bot/datasets/:id': foreign('supervisor', (b) => ({ id: b.datasetId })),
  'DELETE /api/v1/bot/datasets/:id': foreign('admin', (b) => ({ id: b.datasetId })),
  'POST /api/v1/bot/train': {
    role: 'admin',
    cases: [{ kind: 'reference', body: (b) => ({ datasetId: b.datasetId, seed: 1 }) }],
  },
  'GET /api/v1/bot/jobs/:id': foreign('supervisor', (b) => ({ id: b.jobId })),
  'GET /api/v1/bot/models': own('supervisor'),
  'GET /api/v1/bot/models/:version': foreign('supervisor', (b) => ({ version: b.modelVersion })),
  'POST /api/v1/bot/models/:version/activate': foreign('admin', (b) => ({
    version: b.modelVersion,
  })),
  'POST /api/v1/bot/models/rollback': own('admin'),
  'DELETE /api/v1/bot/models/:version': foreign('admin', (b) => ({ version: b.modelVersion })),
  'POST /api/v1/bot/try': both(
    'supervisor',
    { kind: 'own', body: (b) => ({ text: `${b.tag} hours?` }) },
    { kind: 'reference', body: (b) => ({ text: 'opening hours', version: b.modelVersion }) },
  ),
  'GET /api/v1/bot/answers': own('supervisor'),
  'PUT /api/v1/bot/answers': own('admin', () => ({
    formatVersion: 1,
    fallback: { en: 'A fallback' },
    intents: {},
  })),
  'DELETE /api/v1/bot/answers': own('admin'),
  'GET /api/v1/bot/faq': own('supervisor'),
  'POST /api/v1/bot/faq': own('admin', () => ({ title: 'A faq', body: 'A body', language: 'en' })),
  'GET /api/v1/bot/faq/:id': foreign('supervisor', (b) => ({ id: b.faqId })),
  'PATCH /api/v1/bot/faq/:id': foreign(
    'admin',
    (b) => ({ id: b.faqId }),
    () => ({
      title: 'renamed by A',
    }),
  ),
  'DELETE /api/v1/bot/faq/:id': foreign('admin', (b) => ({ id: b.faqId })),

  'GET /api/v1/dashboard/': own('supervisor'),
  'GET /api/v1/tenant/': own('agent'),
  'PATCH /api/v1/tenant/': own('admin', () => ({ name: 'Tenant A renamed' })),

  'GET /api/v1/channels/': own('admin'),
  'POST /api/v1/channels/wechat': own('admin', () => ({
    appId: `wxA${Math.floor(Math.random() * 1e9)}`,
    appSecret: 'asecret',
    token: 'atoken1',
    mode: 'plain',
  })),
  'POST /api/v1/channels/email': own('admin', () => ({
    fromAddress: 'help@a.example.com',
    smtp: { host: '127.0.0.1', port: 2525, secure: false },
  })),
  'POST /api/v1/channels/email/inbound': {
    role: 'apiKey',
    cases: [
      {
        kind: 'reference',
        raw: (b) => ({
          type: 'message/rfc822',
          body: [
            'From: Someone <someone@a.example.com>',
            'To: help@a.example.com',
            `Subject: Re: ${b.tag}`,
            `Message-ID: <a-${Date.now()}@a.example.com>`,
            `In-Reply-To: <${b.conversationId}@kefu>`,
            `References: <${b.messageId}@kefu>`,
            'Content-Type: text/plain; charset=utf-8',
            '',
            'a reply that names B',
            '',
          ].join('\r\n'),
        }),
      },
    ],
  },
  'POST /api/v1/channels/api/messages': own('apiKey', (b) => ({
    customer: { externalId: `${b.tag}-external` },
    text: 'hello from A',
    clientKey: `a-${Math.random()}`,
  })),
  'GET /api/v1/channels/web/identity-secret': own('admin'),
  'POST /api/v1/channels/web/identity-secret/rotate': own('admin'),
  'GET /api/v1/channels/:id': foreign('admin', (b) => ({ id: b.wechatChannelId })),
  'PATCH /api/v1/channels/:id': foreign(
    'admin',
    (b) => ({ id: b.wechatChannelId }),
    () => ({
      appSecret: 'changedbyA',
    }),
  ),
  'DELETE /api/v1/channels/:id': both(
    'admin',
    { kind: 'foreign', params: (b) => ({ id: b.wechatChannelId }) },
    { kind: 'foreign', params: (b) => ({ id: b.emailChannelId }) },
  ),

  'POST /api/v1/webhooks/': own('admin', () => ({
    url: 'http://127.0.0.1:9/a-hook',
    events: ['message.created'],
  })),
  'GET /api/v1/webhooks/': own('admin'),
  'GET /api/v1/webhooks/deliveries': both(
    'admin',
    { kind: 'own' },
    { kind: 'reference', query: (b) => ({ webhookId: b.webhookId }) },
  ),
  'GET /api/v1/webhooks/dead-letters': own('admin'),
  'POST /api/v1/webhooks/dead-letters/replay': both(
    'admin',
    { kind: 'own', body: () => ({}) },
    { kind: 'reference', body: (b) => ({ ids: [b.deliveryId] }) },
  ),
  'POST /api/v1/webhooks/deliveries/:id/replay': foreign('admin', (b) => ({ id: b.deliveryId })),
  'GET /api/v1/webhooks/:id': foreign('admin', (b) => ({ id: b.webhookId })),
  'PATCH /api/v1/webhooks/:id': foreign(
    'admin',
    (b) => ({ id: b.webhookId }),
    () => ({
      description: 'changed by A',
    }),
  ),
  'DELETE /api/v1/webhooks/:id': foreign('admin', (b) => ({ id: b.webhookId })),
  'POST /api/v1/webhooks/:id/rotate-secret': foreign('admin', (b) => ({ id: b.webhookId })),
  'GET /api/v1/webhooks/:id/deliveries': foreign('admin', (b) => ({ id: b.webhookId })),
};

/** `path` with `:name` parameters filled in. */
export function fillPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(String(value));
  });
}
