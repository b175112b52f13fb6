import { Elysia, t } from 'elysia';
import { actorOf, audit } from '../../audit/index.ts';
import type { Principal } from '../../auth/index.ts';
import { channelView } from '../../channels/index.ts';
import { KefuError } from '../../errors.ts';
import { readBody } from '../body.ts';
import type { HttpDeps } from '../deps.ts';
import { atLeast } from '../guards.ts';
import { ErrorResponse, IdParams } from '../schemas.ts';

const WechatFields = {
  appId: t.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', examples: ['wx1234567890abcdef'] }),
  appSecret: t.String({ minLength: 1, maxLength: 128, description: 'stored, never returned' }),
  token: t.String({ pattern: '^[A-Za-z0-9]{3,32}$', description: 'stored, never returned' }),
  encodingAesKey: t.String({
    pattern: '^[A-Za-z0-9+/]{43}$',
    description: 'required in compatible and safe modes; stored, never returned',
  }),
  mode: t.Union([t.Literal('plain'), t.Literal('compatible'), t.Literal('safe')]),
  maxClockSkewSeconds: t.Integer({
    minimum: 0,
    maximum: 86_400,
    description: 'refuse callbacks whose timestamp is further off (default 300; 0: no check)',
  }),
  replyBudgetMs: t.Integer({
    minimum: 1,
    maximum: 4800,
    description: 'time the engine gets for a passive reply (default 4500)',
  }),
  apiBaseUrl: t.String({ maxLength: 500, description: 'WeChat API base URL (proxies, tests)' }),
  welcomeText: t.String({ minLength: 1, maxLength: 600, description: 'reply to new followers' }),
};
const optionalKeys = [
  'encodingAesKey',
  'maxClockSkewSeconds',
  'replyBudgetMs',
  'apiBaseUrl',
  'welcomeText',
] as const;

const WechatBody = t.Object(
  {
    appId: WechatFields.appId,
    appSecret: WechatFields.appSecret,
    token: WechatFields.token,
    mode: WechatFields.mode,
    encodingAesKey: t.Optional(WechatFields.encodingAesKey),
    maxClockSkewSeconds: t.Optional(WechatFields.maxClockSkewSeconds),
    replyBudgetMs: t.Optional(WechatFields.replyBudgetMs),
    apiBaseUrl: t.Optional(WechatFields.apiBaseUrl),
    welcomeText: t.Optional(WechatFields.welcomeText),
  },
  { additionalProperties: false },
);

const WechatPatch = t.Object(
  {
    appId: t.Optional(WechatFields.appId),
    appSecret: t.Optional(WechatFields.appSecret),
    token: t.Optional(WechatFields.token),
    mode: t.Optional(WechatFields.mode),
    ...Object.fromEntries(optionalKeys.map((k) => [k, t.Optional(t.Nullable(WechatFields[k]))])),
  },
  { additionalProperties: false },
);

const EmailBody = t.Object(
  {
    fromAddress: t.String({ minLength: 3, maxLength: 254 }),
    fromName: t.Optional(t.String({ maxLength: 200 })),
    smtp: t.Object(
      {
        host: t.String({ minLength: 1, maxLength: 253 }),
        port: t.Integer({ minimum: 1, maximum: 65535 }),
        secure: t.Boolean({
          description: 'TLS from the start (port 465); false uses STARTTLS when offered',
        }),
        user: t.Optional(t.String({ maxLength: 254 })),
        pass: t.Optional(t.String({ maxLength: 500, description: 'stored, never returned' })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const ApiMessageBody = t.Object(
  {
    customer: t.Object(
      {
        externalId: t.String({
          minLength: 1,
          maxLength: 191,
          description: 'your id for the customer',
        }),
        name: t.Optional(t.String({ maxLength: 200 })),
        email: t.Optional(t.String({ maxLength: 254 })),
      },
      { additionalProperties: false },
    ),
    text: t.String({ minLength: 1 }),
    clientKey: t.String({
      minLength: 1,
      maxLength: 60,
      pattern: '^[A-Za-z0-9_.:-]+$',
      description: 'idempotency key: the same key returns the same message',
    }),
  },
  { additionalProperties: false },
);

const Received = t.Object({
  conversationId: t.String(),
  messageId: t.String(),
  seq: t.Integer(),
  duplicate: t.Boolean(),
});

/** Customer messages come from integrations: an API key, not a person's token. */
function integrationOnly(principal: Principal): void {
  if (principal.kind !== 'apiKey')
    throw new KefuError('forbidden', 'use a tenant API key for channel input');
}

export function channelRoutes(deps: HttpDeps) {
  const { channels, customers } = deps;
  const { accounts } = channels;
  return new Elysia({
    prefix: '/api/v1/channels',
    detail: { tags: ['channels'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .get(
      '/',
      async ({ principal }) => {
        atLeast(principal, 'admin');
        return { channels: (await accounts.list(principal.tenantId)).map(channelView) };
      },
      { detail: { summary: 'Configured channel accounts (secrets are never returned)' } },
    )
    .post(
      '/wechat',
      async ({ principal, body, set }) => {
        atLeast(principal, 'admin');
        const actor = actorOf(principal);
        const row = await accounts.createWechat(principal.tenantId, body, (c, r) =>
          audit(c, r.tenantId, actor, 'channel.create', ['channel', r.id], {
            kind: r.kind,
            key: r.key,
          }),
        );
        set.status = 201;
        return { channelId: row.id, callbackPath: `/wechat/${row.id}` };
      },
      {
        body: WechatBody,
        response: {
          201: t.Object({ channelId: t.String(), callbackPath: t.String() }),
          409: ErrorResponse,
          422: ErrorResponse,
        },
        detail: {
          summary: 'Add a WeChat Official Account',
          description:
            'Set the returned callbackPath (on your public host) as the account’s server URL, with the same Token, EncodingAESKey and mode.',
        },
      },
    )
    .post(
      '/email',
      async ({ principal, body, set }) => {
        atLeast(principal, 'admin');
        const actor = actorOf(principal);
        const { row, created } = await accounts.setEmail(principal.tenantId, body, (c, r, isNew) =>
          audit(
            c,
            r.tenantId,
            actor,
            isNew ? 'channel.create' : 'channel.update',
            ['channel', r.id],
            { kind: r.kind },
          ),
        );
        set.status = created ? 201 : 200;
        return { channelId: row.id, inboundPath: '/api/v1/channels/email/inbound' };
      },
      {
        body: EmailBody,
        response: {
          200: t.Object({ channelId: t.String(), inboundPath: t.String() }),
          201: t.Object({ channelId: t.String(), inboundPath: t.String() }),
          422: ErrorResponse,
        },
        detail: {
          summary: 'Set the tenant’s mailbox: the From address and the SMTP server for replies',
        },
      },
    )
    .post(
      '/email/inbound',
      async ({ principal, request, set }) => {
        integrationOnly(principal);
        const type = (request.headers.get('content-type') ?? '')
          .split(';')[0]!
          .trim()
          .toLowerCase();
        if (type !== 'message/rfc822') {
          throw new KefuError(
            'bad_request',
            'send the raw message as content-type message/rfc822',
            {
              status: 415,
            },
          );
        }
        const raw = await readBody(request, deps.limits.emailMaxBytes);
        const received = await channels.email.receive(principal.tenantId, raw);
        set.status = received.duplicate ? 200 : 201;
        return received;
      },
      {
        parse: 'none',
        response: {
          200: Received,
          201: Received,
          400: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
        },
        detail: {
          summary: 'An inbound email, as raw MIME (from your mail relay)',
          description:
            'The sender address is the customer; In-Reply-To/References thread it onto the conversation it answers. Idempotent by Message-ID (200 for a repeat).',
        },
      },
    )
    .post(
      '/api/messages',
      async ({ principal, body, set }) => {
        integrationOnly(principal);
        const received = await channels.api.receive(principal.tenantId, body);
        set.status = received.duplicate ? 200 : 201;
        return received;
      },
      {
        body: ApiMessageBody,
        response: {
          200: Received,
          201: Received,
          403: ErrorResponse,
          409: ErrorResponse,
          413: ErrorResponse,
        },
        detail: {
          summary: 'A customer message through the API channel (idempotent by clientKey)',
          description:
            'Replies to the customer are delivered by `message.created` webhooks with `recipient.channel = "api"`.',
        },
      },
    )
    .get(
      '/web/identity-secret',
      async ({ principal }) => {
        atLeast(principal, 'admin');
        return { identitySecret: await customers.identitySecret(principal.tenantId) };
      },
      {
        response: { 200: t.Object({ identitySecret: t.String() }), 403: ErrorResponse },
        detail: {
          summary: 'The secret that signs verified user ids (created on first request)',
          description:
            'Your server computes userHash = hex(HMAC-SHA256(identitySecret, userId)); the widget connects with &userId=…&userHash=….',
        },
      },
    )
    .post(
      '/web/identity-secret/rotate',
      async ({ principal }) => {
        atLeast(principal, 'admin');
        const actor = actorOf(principal);
        const identitySecret = await customers.identitySecret(principal.tenantId, true, (c) =>
          audit(c, principal.tenantId, actor, 'tenant.update', ['tenant', principal.tenantId], {
            identitySecret: 'rotated',
          }),
        );
        return { identitySecret };
      },
      {
        response: { 200: t.Object({ identitySecret: t.String() }), 403: ErrorResponse },
        detail: {
          summary: 'Replace the identity secret (hashes signed with the old one stop working)',
        },
      },
    )
    .get(
      '/:id',
      async ({ principal, params }) => {
        atLeast(principal, 'admin');
        return channelView(await accounts.get(principal.tenantId, params.id));
      },
      { params: IdParams, detail: { summary: 'One channel account' } },
    )
    .patch(
      '/:id',
      async ({ principal, params, body }) => {
        atLeast(principal, 'admin');
        const patch = body as Record<string, unknown>;
        const actor = actorOf(principal);
        // Secrets never reach the log: only which settings changed.
        const row = await accounts.updateWechat(
          principal.tenantId,
          params.id,
          patch as never,
          (c, r) =>
            audit(c, r.tenantId, actor, 'channel.update', ['channel', r.id], {
              kind: r.kind,
              fields: Object.keys(patch),
            }),
        );
        accounts.kick();
        return channelView(row);
      },
      {
        params: IdParams,
        body: WechatPatch,
        detail: {
          summary: 'Change a WeChat account’s settings (null clears an optional one)',
          description: 'Email settings are replaced with POST /api/v1/channels/email.',
        },
      },
    )
    .delete(
      '/:id',
      async ({ principal, params, set }) => {
        atLeast(principal, 'admin');
        const actor = actorOf(principal);
        await accounts.remove(principal.tenantId, params.id, (c, r) =>
          audit(c, r.tenantId, actor, 'channel.delete', ['channel', r.id], { kind: r.kind }),
        );
        set.status = 204;
      },
      { params: IdParams, detail: { summary: 'Remove a channel account' } },
    );
}
