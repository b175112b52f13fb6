/**
 * "For this message from this customer, which rule fires and what happens?" — the same
 * classification and rule evaluation as a live message, with nothing stored or sent.
 */
import { evaluateRules, isOpen, type Rule } from '../routing/index.ts';
import { detectLanguage, NO_PREDICTION } from './brain.ts';
import type { EngineContext } from './context.ts';

export interface DryRunInput {
  text: string;
  channel?: string;
  customer?: { tier?: string | null; tags?: string[] };
  messageCount?: number;
  botFallbacks?: number;
  /** Try unsaved rules (the editor's test panel); default: the active ones. */
  rules?: Rule[];
  at?: number;
}

export async function dryRun(ctx: EngineContext, tenantId: string, input: DryRunInput) {
  const language = detectLanguage(input.text);
  const prediction = ctx.classifier
    ? await ctx.classifier.classify(tenantId, input.text)
    : NO_PREDICTION;
  await ctx.groups.forTenant(tenantId);
  const at = input.at ?? Date.now();
  const active = await ctx.rules.active(tenantId);
  const rules = input.rules ?? active.rules;
  const outcome = evaluateRules(rules, {
    text: input.text,
    channel: input.channel ?? 'web',
    language,
    intent: prediction.intent,
    confidence: prediction.confidence,
    declined: prediction.declined,
    customer: { tier: input.customer?.tier ?? null, tags: input.customer?.tags ?? [] },
    messageCount: input.messageCount ?? 1,
    botFallbacks: input.botFallbacks ?? 0,
    businessHoursOpen: (key) =>
      isOpen(key ? ctx.groups.byKey(tenantId, key)?.businessHours : undefined, at),
  });
  const terminal = outcome.terminal;
  let result: Record<string, unknown>;
  if (terminal.type === 'route') {
    const group = terminal.group ? ctx.groups.byKey(tenantId, terminal.group) : undefined;
    const open = isOpen(group?.businessHours, at);
    result = {
      kind: open ? 'queue' : 'out_of_hours',
      group: group?.key ?? null,
      explanation: open
        ? `queued for ${group ? `group "${group.key}"` : 'any available agent'}`
        : `group "${group?.key}" is closed: auto-reply and a ticket`,
    };
  } else if (ctx.bot) {
    const decision = await ctx.bot.reply({
      tenantId,
      text: input.text,
      language,
      prediction,
      misses: input.botFallbacks ?? 0,
      customerName: null,
    });
    result = {
      kind: `bot_${decision.kind}`,
      decision,
      explanation:
        decision.kind === 'handoff'
          ? `bot hands over (${decision.reason})`
          : `bot answers: ${decision.text}`,
    };
  } else {
    result = { kind: 'queue', group: null, explanation: 'no bot configured: any available agent' };
  }
  return {
    language,
    prediction,
    rulesVersion: input.rules ? null : active.version,
    matched: outcome.matched,
    decidedBy: outcome.decidedBy,
    actions: [...outcome.actions, terminal],
    result,
  };
}
