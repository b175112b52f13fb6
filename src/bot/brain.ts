/**
 * The engine's classifier and bot, per tenant: each tenant's active intent model (or the
 * shipped one), its answers (or the shipped ones) and its FAQ, all cached and reloaded on
 * every node when a tenant changes them (`changed` broadcasts over the cluster).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cluster } from '../bus/index.ts';
import type { Bot, BotDecision, BotInput, Classifier, Prediction } from '../engine/brain.ts';
import { NO_PREDICTION } from '../engine/brain.ts';
import { KefuError } from '../errors.ts';
import { IntentRuntime } from '../intent/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { parseAnswers } from './answers.ts';
import { TenantContent } from './content.ts';
import { decide } from './decide.ts';
import { type LoadedModel, type RuntimeCacheLimits, TenantRuntimes } from './runtimes.ts';

export interface BrainOptions {
  store: Store;
  cluster: Cluster;
  log: Logger;
  /** Folder of the shipped model (model.onnx, model.json, answers.json). */
  defaultModelDir: string;
  maxTextChars: number;
  cache: RuntimeCacheLimits;
}

/** What changed in a tenant's bot: its active model, its answers, its FAQ. */
export type BotPart = 'model' | 'answers' | 'faq';

const CHANGED = 'bot.changed';

export class Brain {
  readonly classifier: Classifier;
  readonly bot: Bot;
  readonly runtimes: TenantRuntimes;
  readonly content: TenantContent;

  private constructor(
    private readonly options: BrainOptions,
    private readonly defaultRuntime: IntentRuntime,
    defaultAnswers: ReturnType<typeof parseAnswers>,
  ) {
    const { store, log, cluster } = options;
    this.runtimes = new TenantRuntimes(
      store,
      defaultRuntime,
      options.cache,
      this.runtimeOptions,
      log,
    );
    this.content = new TenantContent(store, defaultAnswers, log);
    this.classifier = { classify: (tenantId, text) => this.classify(tenantId, text) };
    this.bot = { reply: (input) => this.reply(input) };
    cluster.handle(CHANGED, ((tenantId: string, part: BotPart) => {
      if (part !== 'model') return this.content.invalidate(tenantId);
      return this.runtimes.refresh(tenantId).catch((error) => {
        log.error({ err: error, tenantId }, 'reloading the intent model failed');
      });
    }) as never);
    cluster.onReconnect(() => {
      this.content.invalidateAll();
      void this.runtimes.refreshAll().catch((error) => {
        log.error({ err: error }, 'reloading intent models after an outage failed');
      });
    });
  }

  /** Loads the shipped model and answers; tenants' own are loaded on first use. */
  static async load(options: BrainOptions): Promise<Brain> {
    const dir = options.defaultModelDir;
    const runtime = await IntentRuntime.load(dir, { maxTextChars: options.maxTextChars });
    try {
      const answers = parseAnswers(await readFile(join(dir, 'answers.json'), 'utf8'));
      options.log.info(
        { modelDir: dir, version: runtime.version, labels: runtime.labels.length },
        'intent model loaded',
      );
      return new Brain(options, runtime, answers);
    } catch (error) {
      await runtime.close();
      throw error;
    }
  }

  get runtimeOptions() {
    return { maxTextChars: this.options.maxTextChars };
  }

  /** Tells every node (this one too) that the tenant's `part` changed: they reload it. */
  changed(tenantId: string, part: BotPart): void {
    this.options.cluster.broadcast(CHANGED, [tenantId, part]);
  }

  /** The model serving the tenant. */
  model(tenantId: string): Promise<LoadedModel> {
    return this.runtimes.get(tenantId);
  }

  /**
   * Classifies with the tenant's model, or with `trial` (a version being tried). Text the
   * model refuses (empty, emoji only, too long) is simply not understood.
   */
  async classify(tenantId: string, text: string, trial?: LoadedModel): Promise<Prediction> {
    for (let attempt = 1; ; attempt++) {
      let loaded: LoadedModel;
      try {
        loaded = trial ?? (await this.runtimes.get(tenantId));
      } catch (error) {
        this.options.log.error({ err: error, tenantId }, 'intent model lookup failed');
        return NO_PREDICTION;
      }
      if (!loaded.runtime) return NO_PREDICTION;
      try {
        const p = await loaded.runtime.predict(text);
        return {
          intent: p.label,
          confidence: p.confidence,
          declined: p.declined,
          model: loaded.version === null ? 'default' : `v${loaded.version}`,
        };
      } catch (error) {
        // Evicted or replaced between lookup and prediction: ask the cache again once.
        if (error instanceof KefuError && error.code === 'unavailable' && attempt < 2 && !trial)
          continue;
        this.options.log.debug({ err: error }, 'not classified');
        return NO_PREDICTION;
      }
    }
  }

  /** The bot's reply to one message, from the tenant's answers and FAQ. */
  async reply(input: BotInput): Promise<BotDecision> {
    const content = await this.content.get(input.tenantId);
    const decision = decide({
      prediction: {
        label: input.prediction.intent,
        confidence: input.prediction.confidence,
        declined: input.prediction.declined,
      },
      text: input.text,
      language: input.language,
      answers: content.answers,
      faq: content.faq[input.language],
      facts: { consecutiveLowConfidence: input.misses },
      vars: input.customerName ? { customerName: input.customerName } : {},
    });
    if (decision.kind === 'handoff')
      return {
        kind: 'handoff',
        reason: decision.reason,
        group: decision.group,
        text: decision.text,
      };
    if (decision.kind === 'fallback') return decision;
    return {
      kind: 'answer',
      text: decision.text,
      intent: decision.intent,
      source: decision.source,
      ...(decision.articleId ? { articleId: decision.articleId } : {}),
    };
  }

  async close(): Promise<void> {
    await this.runtimes.close();
    await this.defaultRuntime.close();
  }
}
