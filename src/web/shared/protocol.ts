/**
 * The wire types the browser apps speak, taken from the server's own definitions (type-only
 * imports: nothing of the server reaches the bundles), so a protocol change that the UI does
 * not follow fails `tsc`.
 */
import type { Static } from '@sinclair/typebox';
import type {
  Author,
  ConversationView,
  MsgFrame,
  NoteView,
  ServerFrame,
} from '../../gateway/frames.ts';
import type { ConversationJson, MessageJson } from '../../server/schemas.ts';

export type { Author, ConversationView, MsgFrame, NoteView, ServerFrame };
export type RestMessage = Static<typeof MessageJson>;
export type RestConversation = Static<typeof ConversationJson>;

/** A stored message as the UIs keep it (live frames and REST rows both carry the channel). */
export interface ChatMessage {
  id: string;
  conversationId: string;
  seq: number;
  author: Author;
  text: string;
  createdAt: number;
  channel?: string;
}

export type AckFrame = Extract<ServerFrame, { t: 'ack' }>;
export type WelcomeFrame = Extract<ServerFrame, { t: 'welcome' }>;
export type HelloFrame = Extract<ServerFrame, { t: 'hello' }>;
export type NoteFrame = Extract<ServerFrame, { t: 'note' }>;

/** A message frame as a `ChatMessage` (the optional `channel` is kept when a server sends it). */
export function fromFrame(frame: MsgFrame & { channel?: string }): ChatMessage {
  const { t: _t, ...message } = frame;
  return message;
}

/** Inserts a message into a seq-sorted list, once: a repeated seq (replay, retry) is ignored. */
export function insertBySeq<M extends { seq: number }>(list: M[], message: M): boolean {
  let i = list.length;
  while (i > 0 && list[i - 1]!.seq > message.seq) i--;
  if (i > 0 && list[i - 1]!.seq === message.seq) return false;
  list.splice(i, 0, message);
  return true;
}
