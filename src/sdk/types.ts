/**
 * The SDK's public types. Server frames come from the gateway's own definitions (a
 * type-only import: nothing of the server reaches a bundle), so the SDK and the server
 * cannot drift apart.
 */
import type { Author, ConversationView, MsgFrame, ServerFrame } from '../gateway/frames.ts';

export type { Author, ConversationView, MsgFrame, ServerFrame };

export type AckFrame = Extract<ServerFrame, { t: 'ack' }>;
export type WelcomeFrame = Extract<ServerFrame, { t: 'welcome' }>;
export type TypingFrame = Extract<ServerFrame, { t: 'typing' }>;
export type ErrorFrame = Extract<ServerFrame, { t: 'error' }>;

/** The socket's life: `open` once the server said welcome (and the gap is being replayed). */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A message waiting for its ack; resent with the same `clientMsgId` until acked. */
export interface PendingMessage {
  clientMsgId: string;
  text: string;
}

/** What the client keeps between page loads or app launches (see `ClientStore`). */
export interface ClientState {
  token: string | null;
  conversationId: string | null;
  /** Last seq delivered to the app, per conversation. */
  lastSeq: Record<string, number>;
  pending: PendingMessage[];
}

/** Where the state is kept: memory by default; `localStorage` or app storage for real. */
export interface ClientStore {
  load(): ClientState | null | undefined;
  save(state: ClientState): void;
}

/** The conversation as the customer sees it. */
export interface ConversationInfo {
  id: string;
  state: string;
  lastSeq: number;
}

export interface ClientEvents {
  /** A message of the conversation, in seq order, each once (your own ones included). */
  message: MsgFrame;
  /** The server stored one of your messages. */
  ack: AckFrame;
  /** The connection changed state. */
  state: { state: ConnectionState; attempt: number; url: string | null };
  /** The other side is typing. */
  typing: TypingFrame;
  /** Which conversation, and its state (bot, queued, assigned, closed). */
  conversation: ConversationInfo;
  /** The server refused something; `ref` names your message when it was one. */
  error: ErrorFrame;
  /** Every frame as received, for anything not covered above (queue position, CSAT…). */
  frame: ServerFrame;
}
