/** A tenant's bot answers (one row, absent for the default answers) and FAQ articles. */
import { and, asc, eq } from 'drizzle-orm';
import { all, type Ctx, first, insertIgnore, run } from './ops.ts';
import type { BotAnswersRow, FaqArticleRow } from './schema/index.ts';

export function* getBotAnswers(c: Ctx, tenantId: string) {
  const a = c.s.botAnswers;
  return yield* first(c.db.select().from(a).where(eq(a.tenantId, tenantId)));
}

/** Inserts or replaces the tenant's answers. */
export function* saveBotAnswers(c: Ctx, row: BotAnswersRow) {
  const a = c.s.botAnswers;
  const { tenantId, ...rest } = row;
  const changed = yield* run(c.db.update(a).set(rest).where(eq(a.tenantId, tenantId)));
  if (changed === 0) yield* insertIgnore(c, a, [row]);
}

export function* deleteBotAnswers(c: Ctx, tenantId: string) {
  const a = c.s.botAnswers;
  return yield* run(c.db.delete(a).where(eq(a.tenantId, tenantId)));
}

export function* listFaqArticles(c: Ctx, tenantId: string) {
  const f = c.s.faqArticles;
  return yield* all(
    c.db.select().from(f).where(eq(f.tenantId, tenantId)).orderBy(asc(f.createdAt), asc(f.id)),
  );
}

export function* getFaqArticle(c: Ctx, tenantId: string, id: string) {
  const f = c.s.faqArticles;
  return yield* first(
    c.db
      .select()
      .from(f)
      .where(and(eq(f.tenantId, tenantId), eq(f.id, id))),
  );
}

export function* insertFaqArticle(c: Ctx, row: FaqArticleRow) {
  yield* run(c.db.insert(c.s.faqArticles).values(row));
}

export function* updateFaqArticle(
  c: Ctx,
  tenantId: string,
  id: string,
  patch: Partial<FaqArticleRow>,
) {
  const f = c.s.faqArticles;
  return yield* run(
    c.db
      .update(f)
      .set(patch)
      .where(and(eq(f.tenantId, tenantId), eq(f.id, id))),
  );
}

export function* deleteFaqArticle(c: Ctx, tenantId: string, id: string) {
  const f = c.s.faqArticles;
  return yield* run(c.db.delete(f).where(and(eq(f.tenantId, tenantId), eq(f.id, id))));
}
