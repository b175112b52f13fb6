/**
 * What the bot says for a tenant: its own answers (or the shipped ones) and its FAQ, one
 * search index per language. Cached per tenant (LRU); `invalidate` after a change, on
 * every node, and the next message reads the store again.
 */
import type { Logger } from '../log.ts';
import { getBotAnswers, listFaqArticles, type Store } from '../store/index.ts';
import { type BotAnswers, parseAnswers } from './answers.ts';
import { FaqIndex } from './faq.ts';
import type { Language } from './language.ts';

export interface TenantBotContent {
  answers: BotAnswers;
  /** False while the tenant uses the shipped answers. */
  ownAnswers: boolean;
  answersUpdatedAt: number | null;
  faq: Record<Language, FaqIndex>;
}

const MAX_TENANTS = 2_000;

export class TenantContent {
  private readonly entries = new Map<string, TenantBotContent>();
  /** Bumped by `invalidate`: a read that started before a change is not cached. */
  private readonly generations = new Map<string, number>();
  private epoch = 0;

  constructor(
    private readonly store: Store,
    private readonly defaultAnswers: BotAnswers,
    private readonly log: Logger,
  ) {}

  async get(tenantId: string): Promise<TenantBotContent> {
    const hit = this.entries.get(tenantId);
    if (hit) {
      this.entries.delete(tenantId);
      this.entries.set(tenantId, hit);
      return hit;
    }
    const stamp = this.stamp(tenantId);
    const content = await this.read(tenantId);
    if (stamp === this.stamp(tenantId)) {
      this.entries.set(tenantId, content);
      if (this.entries.size > MAX_TENANTS) {
        this.entries.delete(this.entries.keys().next().value as string);
      }
    }
    return content;
  }

  invalidate(tenantId: string): void {
    this.generations.set(tenantId, (this.generations.get(tenantId) ?? 0) + 1);
    this.entries.delete(tenantId);
  }

  invalidateAll(): void {
    this.epoch++;
    this.generations.clear();
    this.entries.clear();
  }

  private stamp(tenantId: string): string {
    return `${this.epoch}:${this.generations.get(tenantId) ?? 0}`;
  }

  private async read(tenantId: string): Promise<TenantBotContent> {
    const [row, articles] = await this.store.read(function* (c) {
      return [yield* getBotAnswers(c, tenantId), yield* listFaqArticles(c, tenantId)] as const;
    });
    let answers = this.defaultAnswers;
    if (row) {
      try {
        answers = parseAnswers(row.answers);
      } catch (error) {
        // Saved answers were validated; this is a row changed behind kefu's back.
        this.log.error({ err: error, tenantId }, 'stored bot answers are invalid: default used');
      }
    }
    const inLanguage = (language: Language) =>
      new FaqIndex(articles.filter((a) => a.language === language));
    return {
      answers,
      ownAnswers: row !== undefined && answers !== this.defaultAnswers,
      answersUpdatedAt: row?.updatedAt ?? null,
      faq: { zh: inLanguage('zh'), en: inLanguage('en') },
    };
  }
}
