/** Rows → the JSON the REST API returns. */

import type { Session } from '../engine/index.ts';
import type { Conversation, Message } from '../store/index.ts';

export function messageJson(m: Message) {
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    clientMsgId: m.clientMsgId,
    author: {
      kind: m.authorKind as 'customer' | 'agent' | 'bot' | 'system',
      id: m.authorId,
      name: m.authorName,
    },
    text: m.text,
    channel: m.channel,
    createdAt: m.createdAt,
  };
}

export function conversationJson(c: Conversation | Session) {
  return {
    id: c.id,
    customerId: c.customerId,
    channel: c.channel,
    state: c.state,
    assignedAgentId: c.assignedAgentId,
    lastSeq: c.lastSeq,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    closedAt: 'closedAt' in c ? c.closedAt : null,
    groupId: c.groupId,
    priority: c.priority,
    tags: c.tags ?? [],
    ticketId: c.ticketId,
    firstResponseAt: c.firstResponseAt,
    lastChannel: c.lastChannel ?? c.channel,
  };
}

/** Opaque cursor for (updatedAt, id) pagination. */
export const cursor = {
  encode: (c: { updatedAt: number; id: string }) =>
    Buffer.from(`${c.updatedAt}:${c.id}`).toString('base64url'),
  decode(raw: string): { updatedAt: number; id: string } | undefined {
    const [at, id] = Buffer.from(raw, 'base64url').toString().split(':');
    return at && id && /^\d+$/.test(at) ? { updatedAt: Number(at), id } : undefined;
  },
};
