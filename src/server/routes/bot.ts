/**
 * A tenant's bot over HTTP: datasets, training jobs, model versions, answers, FAQ, and
 * "try a message". Admins (and API keys) change things; supervisors may read.
 */
import { Elysia, t } from 'elysia';
import { actorOf, audit } from '../../audit/index.ts';
import type { Principal } from '../../auth/index.ts';
import {
  type BotAdmin,
  formatOf,
  jobView,
  MAX_EXAMPLE_CHARS,
  MAX_UPLOAD_BYTES,
  versionDetail,
  versionView,
} from '../../bot-admin/index.ts';
import { KefuError } from '../../errors.ts';
import type { FaqArticleRow, IntentDataset } from '../../store/index.ts';
import type { HttpDeps } from '../deps.ts';
import { actorId, atLeast } from '../guards.ts';
import { ErrorResponse, IdParams } from '../schemas.ts';

const VersionParams = t.Object({ version: t.Integer({ minimum: 1 }) });
const Language = t.Union([t.Literal('zh'), t.Literal('en')]);
const FaqBody = t.Object(
  {
    title: t.String({ minLength: 1, maxLength: 300 }),
    body: t.String({ minLength: 1, maxLength: 4000 }),
    language: Language,
  },
  { additionalProperties: false },
);
const Job = t.Object({
  id: t.String(),
  version: t.Integer(),
  status: t.String({ description: 'training, ready, failed or active' }),
  phase: t.String({ description: 'queued, evaluating, training, saving, done or failed' }),
  percent: t.Integer({ minimum: 0, maximum: 100 }),
  error: t.Nullable(t.String()),
  createdAt: t.Integer(),
  updatedAt: t.Integer(),
  finishedAt: t.Nullable(t.Integer()),
});
const UPLOAD_DOC = {
  description: `Body by content type (at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB, texts up to ${MAX_EXAMPLE_CHARS} characters):
- \`application/json\`: \`{"name"?, "examples": [{"text", "label"}], "answers"?}\`, where \`answers\` (optional) replaces the tenant's bot answers (same schema as \`PUT /api/v1/bot/answers\`);
- \`application/x-ndjson\`: one \`{"text", "label"}\` per line;
- \`text/csv\`: \`text,label\` records (header optional; quote texts with commas).
Every problem names its line or array element; a dataset with any problem is refused whole (422 \`invalid_training_data\`, 413 when too large). At least two labels, each with at least two examples.`,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['examples'],
        properties: {
          name: { type: 'string', maxLength: 200 },
          examples: {
            type: 'array',
            items: {
              type: 'object',
              required: ['text', 'label'],
              properties: { text: { type: 'string' }, label: { type: 'string' } },
            },
          },
          answers: { type: 'object', description: 'bot answers (see PUT /api/v1/bot/answers)' },
        },
      },
    },
    'application/x-ndjson': { schema: { type: 'string' } },
    'text/csv': {
      schema: { type: 'string', example: 'text,label\nwhere is my order,order_status' },
    },
  },
};

const datasetJson = ({ tenantId: _, examples: __, ...d }: IntentDataset) => d;
const faqJson = ({ tenantId: _, ...f }: FaqArticleRow) => f;

export function botRoutes(deps: HttpDeps) {
  const bot = (): BotAdmin => {
    if (!deps.bot)
      throw new KefuError('unavailable', 'the bot is off on this server (KEFU_BOT=off)');
    return deps.bot;
  };
  const reader = (principal: Principal) => atLeast(principal, 'supervisor');
  const writer = (principal: Principal) => atLeast(principal, 'admin');
  return new Elysia({
    prefix: '/api/v1/bot',
    detail: { tags: ['bot'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .post(
      '/datasets',
      async ({ principal, request, query, set }) => {
        writer(principal);
        const format = formatOf(request.headers.get('content-type'));
        if (!format)
          throw new KefuError(
            'bad_request',
            'send application/json, application/x-ndjson or text/csv',
            { status: 415 },
          );
        const text = await readBody(request, MAX_UPLOAD_BYTES);
        const { dataset, answersSaved } = await bot().datasets.upload(
          principal.tenantId,
          actorId(principal),
          text,
          format,
          query.name,
        );
        set.status = 201;
        return { dataset: datasetJson(dataset), answersSaved };
      },
      {
        parse: 'none',
        query: t.Object({ name: t.Optional(t.String({ maxLength: 200 })) }),
        detail: {
          summary: 'Upload intents, their examples and (JSON only) the answers',
          requestBody: UPLOAD_DOC as never,
        },
      },
    )
    .get(
      '/datasets',
      async ({ principal }) => {
        reader(principal);
        return { datasets: await bot().datasets.list(principal.tenantId) };
      },
      { detail: { summary: 'Uploaded datasets (without their examples), newest first' } },
    )
    .get(
      '/datasets/:id',
      async ({ principal, params }) => {
        reader(principal);
        const { tenantId: _, ...dataset } = await bot().datasets.get(principal.tenantId, params.id);
        return dataset;
      },
      { params: IdParams, detail: { summary: 'One dataset with its examples' } },
    )
    .delete(
      '/datasets/:id',
      async ({ principal, params, set }) => {
        writer(principal);
        await bot().datasets.remove(principal.tenantId, params.id);
        set.status = 204;
      },
      {
        params: IdParams,
        detail: { summary: 'Delete a dataset (versions trained from it keep their model)' },
      },
    )
    .post(
      '/train',
      async ({ principal, body, set }) => {
        writer(principal);
        const row = await bot().jobs.start(principal.tenantId, actorId(principal), {
          datasetId: body.datasetId,
          preset: body.preset ?? 'fast',
          seed: body.seed ?? 1,
          activate: body.activate ?? false,
        });
        set.status = 202;
        return jobView(row);
      },
      {
        body: t.Object(
          {
            datasetId: t.String({ minLength: 1, maxLength: 64 }),
            preset: t.Optional(
              t.Union([t.Literal('fast'), t.Literal('accurate')], {
                description:
                  'fast: softmax regression (seconds); accurate: pooled with a 256-unit MLP (≈ 3× the time, ≈ 4× the size)',
              }),
            ),
            seed: t.Optional(t.Integer({ minimum: 0, maximum: 1_000_000_000 })),
            activate: t.Optional(
              t.Boolean({ description: 'activate on every node as soon as it is ready' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 202: Job, 404: ErrorResponse, 409: ErrorResponse },
        detail: {
          summary: 'Train a new model version from a dataset (a background job)',
          description:
            "One job per tenant at a time (409 otherwise). The job holds out 20 % of every intent with 5+ examples, trains on the rest and scores the held-out part (the evaluation report), then trains the version on all examples. Follow it with `GET /api/v1/bot/jobs/{id}`; supervisors' sockets also get `training` frames.",
        },
      },
    )
    .get(
      '/jobs/:id',
      async ({ principal, params }) => {
        reader(principal);
        return jobView(await bot().jobs.get(principal.tenantId, params.id));
      },
      {
        params: IdParams,
        response: { 200: Job, 404: ErrorResponse },
        detail: { summary: 'A training job: status, phase and percent' },
      },
    )
    .get(
      '/models',
      async ({ principal }) => {
        reader(principal);
        const admin = bot();
        const rows = await admin.versions.list(principal.tenantId);
        const active = rows.find((r) => r.status === 'active');
        return {
          serving: active ? `v${active.version}` : 'default',
          versions: rows.map(versionView),
        };
      },
      {
        detail: {
          summary:
            'Model versions, newest first, and which one serves (`default`: the shipped model)',
        },
      },
    )
    .get(
      '/models/:version',
      async ({ principal, params }) => {
        reader(principal);
        return versionDetail(await bot().versions.get(principal.tenantId, params.version));
      },
      {
        params: VersionParams,
        detail: {
          summary: 'One version with its evaluation report',
          description:
            'evaluation: accuracy (declines count as wrong), top1Accuracy, macroF1, coverage and answeredPrecision at the decline threshold, perIntent precision/recall/F1 with the intents each was confused with.',
        },
      },
    )
    .post(
      '/models/:version/activate',
      async ({ principal, params }) => {
        writer(principal);
        const actor = actorOf(principal);
        const row = await bot().versions.activate(
          principal.tenantId,
          params.version,
          undefined,
          (c, m) =>
            audit(c, m.tenantId, actor, 'bot_model.activate', ['bot_model', m.id], {
              version: m.version,
            }),
        );
        return versionView(row);
      },
      {
        params: VersionParams,
        response: { 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
        detail: {
          summary: 'Serve this version on every node, without a restart',
          description:
            'The version is loaded first: one that does not load is refused (422 `invalid_model`), marked failed, and the active model keeps serving.',
        },
      },
    )
    .post(
      '/models/rollback',
      async ({ principal }) => {
        writer(principal);
        const now = await bot().versions.rollback(principal.tenantId);
        return { serving: now ? `v${now.version}` : 'default' };
      },
      {
        response: { 200: t.Object({ serving: t.String() }), 409: ErrorResponse },
        detail: {
          summary:
            'Back to the newest ready version older than the active one (or to the shipped model)',
        },
      },
    )
    .delete(
      '/models/:version',
      async ({ principal, params, set }) => {
        writer(principal);
        await bot().versions.remove(principal.tenantId, params.version);
        set.status = 204;
      },
      {
        params: VersionParams,
        detail: { summary: 'Delete a version that is neither active nor training' },
      },
    )
    .post(
      '/try',
      async ({ principal, body }) => {
        reader(principal);
        return bot().tryMessage(principal.tenantId, body.text, body.version);
      },
      {
        body: t.Object(
          {
            text: t.String({ minLength: 1, maxLength: 4000 }),
            version: t.Optional(
              t.Integer({
                minimum: 1,
                description: 'a ready version to try (default: the active model)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        detail: {
          summary: 'What the bot would do with this message: intent, confidence, declined, reply',
        },
      },
    )
    .get(
      '/answers',
      async ({ principal }) => {
        reader(principal);
        return bot().content.answers(principal.tenantId);
      },
      {
        detail: {
          summary: 'The answers in use (isDefault: the shipped ones) and intents without one',
        },
      },
    )
    .put(
      '/answers',
      async ({ principal, body }) => {
        writer(principal);
        return bot().content.saveAnswers(principal.tenantId, actorId(principal), body);
      },
      {
        body: t.Unknown({
          description:
            '{"formatVersion": 1, "fallback": {"zh","en"}, "defaultGroup"?, "intents": {"<intent>": {"zh","en", "handoff"?, "negative"?, "group"?}}}',
        }),
        response: { 422: ErrorResponse },
        detail: {
          summary: "Replace the tenant's bot answers (validated; every node reloads them)",
        },
      },
    )
    .delete(
      '/answers',
      async ({ principal }) => {
        writer(principal);
        return bot().content.resetAnswers(principal.tenantId);
      },
      { detail: { summary: 'Back to the shipped answers' } },
    )
    .get(
      '/faq',
      async ({ principal }) => {
        reader(principal);
        return { articles: (await bot().content.listFaq(principal.tenantId)).map(faqJson) };
      },
      {
        detail: { summary: 'FAQ articles: the bot answers from them when no intent is confident' },
      },
    )
    .post(
      '/faq',
      async ({ principal, body, set }) => {
        writer(principal);
        set.status = 201;
        return faqJson(await bot().content.createFaq(principal.tenantId, body));
      },
      {
        body: FaqBody,
        response: { 409: ErrorResponse, 422: ErrorResponse },
        detail: { summary: 'Add a FAQ article' },
      },
    )
    .get(
      '/faq/:id',
      async ({ principal, params }) => {
        reader(principal);
        return faqJson(await bot().content.getFaq(principal.tenantId, params.id));
      },
      { params: IdParams, detail: { summary: 'One FAQ article' } },
    )
    .patch(
      '/faq/:id',
      async ({ principal, params, body }) => {
        writer(principal);
        return faqJson(await bot().content.updateFaq(principal.tenantId, params.id, body));
      },
      { params: IdParams, body: t.Partial(FaqBody), detail: { summary: 'Change a FAQ article' } },
    )
    .delete(
      '/faq/:id',
      async ({ principal, params, set }) => {
        writer(principal);
        await bot().content.deleteFaq(principal.tenantId, params.id);
        set.status = 204;
      },
      { params: IdParams, detail: { summary: 'Delete a FAQ article' } },
    );
}

/** The request body as text, refused with 413 past `maxBytes` (without reading the rest). */
async function readBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new KefuError('invalid_training_data', 'the body is not UTF-8 text');
  }
}

function tooLarge(maxBytes: number): KefuError {
  return new KefuError(
    'payload_too_large',
    `the upload is larger than ${maxBytes / 1024 / 1024} MiB: split the dataset or remove examples`,
  );
}
