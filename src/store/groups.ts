import { and, asc, desc, eq } from 'drizzle-orm';
import { all, type Ctx, first, run } from './ops.ts';
import type { RoutingEvent, RuleSetRow, SkillGroup } from './schema/index.ts';

export function* listGroups(c: Ctx, tenantId: string) {
  const g = c.s.skillGroups;
  return yield* all(
    c.db.select().from(g).where(eq(g.tenantId, tenantId)).orderBy(asc(g.createdAt)),
  );
}

export function* insertGroup(c: Ctx, group: SkillGroup) {
  yield* run(c.db.insert(c.s.skillGroups).values(group));
}

export function* updateGroup(c: Ctx, tenantId: string, id: string, patch: Partial<SkillGroup>) {
  const g = c.s.skillGroups;
  return yield* run(
    c.db
      .update(g)
      .set(patch)
      .where(and(eq(g.tenantId, tenantId), eq(g.id, id))),
  );
}

export function* deleteGroup(c: Ctx, tenantId: string, id: string) {
  const g = c.s.skillGroups;
  return yield* run(c.db.delete(g).where(and(eq(g.tenantId, tenantId), eq(g.id, id))));
}

export function* insertRoutingEvent(c: Ctx, event: RoutingEvent) {
  yield* run(c.db.insert(c.s.routingEvents).values(event));
}

export function* listRoutingEvents(c: Ctx, tenantId: string, conversationId: string) {
  const e = c.s.routingEvents;
  return yield* all(
    c.db
      .select()
      .from(e)
      .where(and(eq(e.tenantId, tenantId), eq(e.conversationId, conversationId)))
      .orderBy(asc(e.createdAt), asc(e.id)),
  );
}

export function* recentRoutingEvents(c: Ctx, tenantId: string, limit: number) {
  const e = c.s.routingEvents;
  return yield* all(
    c.db
      .select()
      .from(e)
      .where(eq(e.tenantId, tenantId))
      .orderBy(desc(e.createdAt), desc(e.id))
      .limit(limit),
  );
}

export function* latestRuleSet(c: Ctx, tenantId: string) {
  const r = c.s.ruleSets;
  return yield* first(
    c.db.select().from(r).where(eq(r.tenantId, tenantId)).orderBy(desc(r.version)).limit(1),
  );
}

export function* listRuleSets(c: Ctx, tenantId: string) {
  const r = c.s.ruleSets;
  return yield* all(c.db.select().from(r).where(eq(r.tenantId, tenantId)).orderBy(desc(r.version)));
}

export function* getRuleSet(c: Ctx, tenantId: string, version: number) {
  const r = c.s.ruleSets;
  return yield* first(
    c.db
      .select()
      .from(r)
      .where(and(eq(r.tenantId, tenantId), eq(r.version, version))),
  );
}

export function* insertRuleSet(c: Ctx, ruleSet: RuleSetRow) {
  yield* run(c.db.insert(c.s.ruleSets).values(ruleSet));
}
