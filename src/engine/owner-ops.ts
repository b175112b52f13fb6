/**
 * Everything that changes a live conversation runs on the node that owns it (on one node:
 * here). Each operation takes plain, serialisable arguments, so another node can ask the
 * owner to run it over the cluster.
 */
import type { Principal } from '../auth/index.ts';
import { KefuError, notFound } from '../errors.ts';
import type { AgentSnapshot, Group, QueueItem } from '../routing/index.ts';
import type { ReplyRouteJson, Ticket } from '../store/index.ts';
import type { Actor } from '../tickets/index.ts';
import {
  answerWindowPassed,
  assign,
  overflowed,
  requeueFromGone,
  type TransferRequest,
  takeOver,
  transfer,
} from './assignment.ts';
import type { EngineContext } from './context.ts';
import { canAct, canRead, close } from './lifecycle.ts';
import { type Ingested, ingest, type Origin } from './pipeline.ts';
import { replyChannel, type Session } from './sessions.ts';
import { replyFromTicket } from './ticket-replies.ts';

export interface OutgoingText {
  clientMsgId: string | null;
  text: string;
  /** Customer messages from channels that answer to an address (WeChat, email, API). */
  replyTo?: ReplyRouteJson;
}

export function ownerOps(ctx: EngineContext) {
  const load = async (principal: Principal, conversationId: string): Promise<Session> => {
    const session = await ctx.sessions.load(principal.tenantId, conversationId);
    if (!session || !canRead(principal, session)) throw notFound('conversation');
    return session;
  };
  const checkText = (text: string): string => {
    if (text.length > ctx.limits.maxTextChars) {
      throw new KefuError(
        'text_too_long',
        `text is longer than ${ctx.limits.maxTextChars} characters`,
      );
    }
    if (text.trim().length === 0) throw new KefuError('validation_failed', 'text is empty');
    return text;
  };

  return {
    async sendAsCustomer(
      principal: Extract<Principal, { kind: 'customer' }>,
      conversationId: string,
      out: OutgoingText,
      origin?: Origin,
    ): Promise<Ingested> {
      const session = await load(principal, conversationId);
      if (!canAct(principal, session)) throw notFound('conversation');
      const author = { kind: 'customer' as const, id: principal.customerId, name: null };
      return ingest(ctx, {
        session,
        author,
        clientMsgId: out.clientMsgId,
        text: checkText(out.text),
        channel: principal.channel,
        replyTo: out.replyTo,
        origin,
      });
    },

    async sendAsAgent(
      principal: Principal,
      conversationId: string,
      out: OutgoingText,
      origin?: Origin,
    ): Promise<Ingested> {
      const session = await load(principal, conversationId);
      if (!canAct(principal, session))
        throw new KefuError('forbidden', 'the conversation is not assigned to you');
      if (session.state === 'closed') throw new KefuError('conflict', 'the conversation is closed');
      const author =
        principal.kind === 'agent'
          ? { kind: 'agent' as const, id: principal.agentId, name: principal.name }
          : { kind: 'system' as const, id: null, name: null };
      return ingest(ctx, {
        session,
        author,
        clientMsgId: out.clientMsgId,
        text: checkText(out.text),
        channel: replyChannel(session),
        origin,
      });
    },

    async close(principal: Principal, conversationId: string): Promise<Session> {
      const session = await load(principal, conversationId);
      await close(ctx, principal, session);
      return session;
    },

    async transfer(
      principal: Principal,
      conversationId: string,
      request: TransferRequest,
    ): Promise<Session> {
      const session = await load(principal, conversationId);
      await transfer(ctx, principal, session, request);
      return session;
    },

    async takeOver(principal: Principal, conversationId: string): Promise<Session> {
      const session = await load(principal, conversationId);
      await takeOver(ctx, principal, session);
      return session;
    },

    assign: (item: QueueItem, agent: AgentSnapshot) => assign(ctx, item, agent),
    overflowed: async (item: QueueItem, from: Group, to: Group) => overflowed(ctx, item, from, to),
    answerWindowPassed: (tenantId: string, conversationId: string, agentId: string) =>
      answerWindowPassed(ctx, tenantId, conversationId, agentId),
    requeueFromGone: (tenantId: string, conversationId: string, agentId: string) =>
      requeueFromGone(ctx, tenantId, conversationId, agentId),
    replyFromTicket: (ticket: Ticket, actor: Actor, text: string) =>
      replyFromTicket(ctx, ticket, actor, text),
  };
}

export type OwnerOps = ReturnType<typeof ownerOps>;
