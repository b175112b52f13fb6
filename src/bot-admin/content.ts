/**
 * What a tenant's bot says: its answers (validated by `BotAnswersSchema`; without its own,
 * the shipped ones) and its FAQ articles. Every change is announced to every node.
 */
import type { Brain } from '../bot/brain.ts';
import { type BotAnswers, parseAnswers } from '../bot/index.ts';
import { KefuError, notFound } from '../errors.ts';
import {
  deleteBotAnswers,
  deleteFaqArticle,
  type FaqArticleRow,
  getFaqArticle,
  insertFaqArticle,
  listFaqArticles,
  type Store,
  saveBotAnswers,
  updateFaqArticle,
} from '../store/index.ts';

/** Most FAQ articles per tenant (the index is rebuilt in memory on every change). */
export const MAX_FAQ_ARTICLES = 2_000;

export interface FaqInput {
  title: string;
  body: string;
  language: 'zh' | 'en';
}

export class BotContentAdmin {
  constructor(
    private readonly store: Store,
    private readonly brain: Brain,
  ) {}

  /** The answers in use, whether they are the shipped ones, and intents of the serving model without one. */
  async answers(tenantId: string) {
    const [content, model] = await Promise.all([
      this.brain.content.get(tenantId),
      this.brain.model(tenantId),
    ]);
    const labels = model.runtime?.labels ?? [];
    return {
      answers: content.answers,
      isDefault: !content.ownAnswers,
      updatedAt: content.answersUpdatedAt,
      intentsWithoutAnswer: labels.filter((l) => l !== 'oos' && !content.answers.intents[l]),
    };
  }

  /** Validates and saves the tenant's answers (replacing the previous ones). */
  async saveAnswers(tenantId: string, authorId: string | null, input: unknown) {
    const answers: BotAnswers = parseAnswers(input);
    await this.store.tx((c) =>
      saveBotAnswers(c, { tenantId, answers, authorId, updatedAt: Date.now() }),
    );
    this.brain.content.invalidate(tenantId);
    this.brain.changed(tenantId, 'answers');
    return this.answers(tenantId);
  }

  /** Back to the shipped answers. */
  async resetAnswers(tenantId: string) {
    await this.store.tx((c) => deleteBotAnswers(c, tenantId));
    this.brain.content.invalidate(tenantId);
    this.brain.changed(tenantId, 'answers');
    return this.answers(tenantId);
  }

  listFaq(tenantId: string) {
    return this.store.read((c) => listFaqArticles(c, tenantId));
  }

  async getFaq(tenantId: string, id: string): Promise<FaqArticleRow> {
    const row = await this.store.read((c) => getFaqArticle(c, tenantId, id));
    if (!row) throw notFound('FAQ article');
    return row;
  }

  async createFaq(tenantId: string, input: FaqInput): Promise<FaqArticleRow> {
    const now = Date.now();
    const row: FaqArticleRow = {
      id: Bun.randomUUIDv7(),
      tenantId,
      ...input,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.tx(function* (c) {
      if ((yield* listFaqArticles(c, tenantId)).length >= MAX_FAQ_ARTICLES)
        throw new KefuError('conflict', `at most ${MAX_FAQ_ARTICLES} FAQ articles per tenant`);
      yield* insertFaqArticle(c, row);
    });
    this.faqChanged(tenantId);
    return row;
  }

  async updateFaq(tenantId: string, id: string, patch: Partial<FaqInput>): Promise<FaqArticleRow> {
    const changed = await this.store.tx((c) =>
      updateFaqArticle(c, tenantId, id, { ...patch, updatedAt: Date.now() }),
    );
    if (changed === 0) throw notFound('FAQ article');
    this.faqChanged(tenantId);
    return this.getFaq(tenantId, id);
  }

  async deleteFaq(tenantId: string, id: string): Promise<void> {
    if ((await this.store.tx((c) => deleteFaqArticle(c, tenantId, id))) === 0)
      throw notFound('FAQ article');
    this.faqChanged(tenantId);
  }

  private faqChanged(tenantId: string): void {
    this.brain.content.invalidate(tenantId);
    this.brain.changed(tenantId, 'faq');
  }
}
