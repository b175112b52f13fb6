/**
 * What happens after a customer's message is stored, while the bot holds the
 * conversation: classify, evaluate the tenant's rules, apply their side actions, then
 * either let the bot answer or hand over to a queue. Once people hold the conversation,
 * messages only flow.
 */
import { evaluateRules, type Facts, isOpen, type Outcome } from '../routing/index.ts';
import { type Message, updateConversation } from '../store/index.ts';
import { SYSTEM } from '../tickets/index.ts';
import { type BotDecision, detectLanguage, NO_PREDICTION, type Prediction } from './brain.ts';
import type { EngineContext } from './context.ts';
import { ingest } from './pipeline.ts';
import { route } from './queueing.ts';
import { logRouting } from './routing-log.ts';
import { replyChannel, type Session } from './sessions.ts';

export async function decide(
  ctx: EngineContext,
  session: Session,
  message: Message,
): Promise<void> {
  session.customerMessages++;
  if (session.state !== 'bot') return;
  const language = detectLanguage(message.text);
  const classifying = performance.now();
  const prediction = ctx.classifier
    ? await ctx.classifier.classify(session.tenantId, message.text)
    : NO_PREDICTION;
  if (ctx.classifier)
    ctx.events.emit('pipeline.stage', { stage: 'classify', ms: performance.now() - classifying });
  const facts = await factsOf(ctx, session, message, language, prediction);
  const outcome = evaluateRules((await ctx.rules.active(session.tenantId)).rules, facts);
  await applySideActions(ctx, session, message, outcome);
  if (session.state !== 'bot') return;
  if (outcome.actions.some((a) => a.type === 'tag' || a.type === 'set_priority')) {
    await ctx.committer.write((c) =>
      updateConversation(c, session.tenantId, session.id, {
        tags: session.tags,
        priority: session.priority,
      }),
    );
  }
  if (outcome.terminal.type === 'route') {
    logRouting(ctx, session, 'rule_matched', ruleDetail(outcome, prediction), {
      ruleId: outcome.decidedBy?.id,
    });
    await route(ctx, session, {
      groupKey: outcome.terminal.group,
      reason: 'rule',
      ruleId: outcome.decidedBy?.id,
    });
    return;
  }
  await botTurn(ctx, session, message, language, prediction, outcome);
}

async function botTurn(
  ctx: EngineContext,
  session: Session,
  message: Message,
  language: 'zh' | 'en',
  prediction: Prediction,
  outcome: Outcome,
) {
  const decision = ctx.bot
    ? await ctx.bot.reply({
        tenantId: session.tenantId,
        text: message.text,
        language,
        prediction,
        misses: session.botMisses,
        customerName: null,
      })
    : ({ kind: 'handoff', reason: 'no_bot' } as BotDecision);
  if (decision.kind === 'handoff') {
    if (decision.text) await botSays(ctx, session, message, decision.text);
    logRouting(
      ctx,
      session,
      'bot_handoff',
      {
        ...ruleDetail(outcome, prediction),
        reason: decision.reason,
        group: decision.group ?? null,
      },
      { ruleId: outcome.decidedBy?.id },
    );
    await route(ctx, session, { groupKey: decision.group, reason: `bot: ${decision.reason}` });
    return;
  }
  session.botMisses = decision.kind === 'fallback' ? session.botMisses + 1 : 0;
  ctx.events.emit('bot.replied', {
    session,
    kind: decision.kind,
    intent: decision.kind === 'answer' ? decision.intent : null,
  });
  await botSays(ctx, session, message, decision.text);
}

/** A bot message, keyed by the question: a retried or replayed question never gets two answers. */
function botSays(ctx: EngineContext, session: Session, question: Message, text: string) {
  return ingest(ctx, {
    session,
    author: { kind: 'bot', id: null, name: null },
    clientMsgId: `bot:${question.id}`,
    text,
    channel: replyChannel(session),
  });
}

async function applySideActions(
  ctx: EngineContext,
  session: Session,
  message: Message,
  outcome: Outcome,
) {
  for (const action of outcome.actions) {
    switch (action.type) {
      case 'set_priority':
        session.priority = action.value;
        break;
      case 'tag':
        if (!session.tags.includes(action.value)) session.tags.push(action.value);
        break;
      case 'canned_reply':
        await ingest(ctx, {
          session,
          author: { kind: 'bot', id: null, name: null },
          clientMsgId: `canned:${message.id}:${outcome.matched.length}`,
          text: action.text,
          channel: replyChannel(session),
        });
        break;
      case 'open_ticket':
        if (!session.ticketId) {
          const ticket = await ctx.tickets.create(session.tenantId, SYSTEM, {
            subject: action.subject ?? message.text.slice(0, 120),
            priority: action.priority,
            requesterId: session.customerId,
            conversationId: session.id,
            searchText: message.text,
            tags: session.tags,
          });
          session.ticketId = ticket.id;
        }
        break;
      case 'webhook':
        ctx.events.emit('rule.webhook', { url: action.url, session, message });
        break;
    }
  }
}

async function factsOf(
  ctx: EngineContext,
  session: Session,
  message: Message,
  language: 'zh' | 'en',
  prediction: Prediction,
): Promise<Facts> {
  const customer = await ctx.customers.get(session.tenantId, session.customerId);
  await ctx.groups.forTenant(session.tenantId);
  return {
    text: message.text,
    channel: message.channel,
    language,
    intent: prediction.intent,
    confidence: prediction.confidence,
    declined: prediction.declined,
    customer,
    messageCount: session.customerMessages,
    botFallbacks: session.botMisses,
    businessHoursOpen: (groupKey) =>
      isOpen(
        groupKey ? ctx.groups.byKey(session.tenantId, groupKey)?.businessHours : undefined,
        Date.now(),
      ),
  };
}

function ruleDetail(outcome: Outcome, prediction: Prediction) {
  return {
    rule: outcome.decidedBy?.name ?? null,
    matched: outcome.matched.map((m) => m.id),
    intent: prediction.intent,
    confidence: Number(prediction.confidence.toFixed(4)),
  };
}
