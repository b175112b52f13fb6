/**
 * Commands the driver (parent) sends to load-generator workers over IPC, and their results.
 * Every command carries an `id`; the worker answers `{id, ok, result}` or `{id, ok:false, error}`.
 * Times are epoch milliseconds, latencies microseconds (HdrHistogram base64).
 */

/** How a connection talks: bare echo, kefu widget (JSON), kefu app (msgpack), kefu agent. */
export type Dialect = 'echo' | 'web' | 'app' | 'agent';

/** Which server reply a closed-loop sender waits for before sending its next message. */
export type ReplyKind = 'ack' | 'bot';

/** Latency kinds a worker records. `delivery` = a customer message seen on an agent socket. */
export const KINDS = ['ack', 'bot', 'delivery', 'resumed'] as const;
/** A latency kind. */
export type Kind = (typeof KINDS)[number];

/** Open `count` connections of a group at `ratePerSec`. */
export interface ConnectCommand {
  cmd: 'connect';
  group: string;
  dialect: Dialect;
  count: number;
  /** Global index of the first connection (chooses its destination address). */
  firstIndex: number;
  /** One URL per destination address; connection i uses urls[i % urls.length]. */
  urls: string[];
  ratePerSec: number;
  maxPending: number;
  heartbeatMs: number;
  timeoutMs: number;
}

/** Start a new measurement window (forgets what was recorded). */
export interface WindowCommand {
  cmd: 'window';
  /** Samples whose intended send time is in [measureFrom, measureUntil) are recorded. */
  measureFrom: number;
  measureUntil: number;
  /** Origin of the per-second series. */
  seriesStart: number;
}

/** Send at a fixed offered rate, stamped with intended send times. */
export interface OpenLoopCommand {
  cmd: 'openLoop';
  group: string;
  ratePerSec: number;
  startAt: number;
  durationMs: number;
  payloadBytes: number;
  /** Texts to send in turn (the token then only rides in clientMsgId); default: bench text. */
  texts?: string[];
  /** `assigned`: only customers whose conversation is assigned to an agent send. */
  senders: 'all' | 'assigned';
}

/** Keep `depth` messages in flight on each of `senders` connections. */
export interface ClosedLoopCommand {
  cmd: 'closedLoop';
  group: string;
  senders: number;
  depth: number;
  startAt: number;
  durationMs: number;
  payloadBytes: number;
  /** Texts to send in turn (the token then only rides in clientMsgId); default: bench text. */
  texts?: string[];
  reply: ReplyKind;
}

/** Every connection of the group sends one message. */
export interface SendOneCommand {
  cmd: 'sendOne';
  group: string;
  text: string;
  /** Sends spread over this many ms. */
  spreadMs: number;
}

/** Reconnect storm: close all, reopen with the visitor token, resume. */
export interface ReconnectCommand {
  cmd: 'reconnect';
  group: string;
  maxPending: number;
  /** Longest wait for one connection's `resumed`. */
  timeoutMs: number;
  /** The whole storm's time limit: connections not started by then count as failed. */
  deadlineMs: number;
}

/** Count, close or collect (the window) for a group. */
export interface GroupCommand {
  cmd: 'count' | 'close' | 'collect';
  group: string;
}

/** Asks how long ago (ms) the worker last received a reply of any kind. */
export interface QuietCommand {
  cmd: 'quiet';
}

/** Every command a worker understands. */
export type Command =
  | ConnectCommand
  | WindowCommand
  | OpenLoopCommand
  | ClosedLoopCommand
  | SendOneCommand
  | ReconnectCommand
  | GroupCommand
  | QuietCommand;

/** How opening connections went in one worker. */
export interface ConnectResult {
  opened: number;
  failed: number;
  elapsedMs: number;
  handshake: string;
  errors: Record<string, number>;
}

/** Connection counts of a group in one worker. */
export interface CountResult {
  open: number;
  ready: number;
  assigned: number;
  dropped: number;
  closeCodes: Record<string, number>;
}

/** One latency kind of a window: histogram, count, largest gap, per-second counts. */
export interface KindRecord {
  histogram: string;
  count: number;
  maxGapMs: number;
  perSecond: number[];
}

/** Everything one worker recorded in the current window. */
export interface CollectResult {
  kinds: Partial<Record<Kind, KindRecord>>;
  sent: number;
  sentInWindow: number;
  sentPerSecond: number[];
  /** Largest event-loop stall of the worker itself while measuring, ms. */
  stallMs: number;
  /** Error frames received, by code. */
  errors: Record<string, number>;
}

/** How a reconnect storm went in one worker. */
export interface ReconnectResult {
  done: number;
  failed: number;
  firstStart: number;
  lastDone: number;
  /** Start → `resumed`, µs. */
  latency: string;
  /** Start → `welcome` (upgrade and authentication), µs. */
  welcome: string;
  errors: Record<string, number>;
}

/** A worker's answer to a command. */
export type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string };

/** Unsolicited progress from a worker: `{progress: text}`. */
export interface ProgressMessage {
  progress: string;
}
