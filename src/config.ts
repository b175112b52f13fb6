/**
 * Every setting kefu reads, from the environment, typed, with defaults.
 * Read once at start-up (`loadConfig()`); nothing else reads `process.env`.
 * A wrong value stops start-up with a message naming the variable.
 */
import { resolve } from 'node:path';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface Config {
  /** HTTP + WebSocket port (`KEFU_PORT`, default 3000; 0 picks a free port). */
  port: number;
  host: string;
  /** Share the port with sibling processes (set by `kefu serve --workers N`). */
  reusePort: boolean;
  /** Where the embedded SQLite database and the generated secret live. */
  dataDir: string;
  /** `mysql://user:pass@host:port/db` to store in MySQL/MariaDB; unset means embedded SQLite. */
  dbUrl: string | undefined;
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel (several clusters may share a Redis). */
  redisPrefix: string;
  /** Secret for signing agent JWTs and visitor tokens; generated into dataDir when unset. */
  secret: string | undefined;
  logLevel: LogLevel;
  /** Largest accepted WebSocket frame, bytes: larger frames get a `frame_too_large` error. */
  maxFrameBytes: number;
  /** Longest message text, in characters. */
  maxTextChars: number;
  /** Per-connection message rate: sustained per second, and burst. */
  rateLimitPerSec: number;
  rateLimitBurst: number;
  /** Seconds without any frame (pings included) before a socket is closed. */
  idleTimeoutSec: number;
  /** Bytes buffered for one slow socket before it is closed (it reconnects and resumes). */
  backpressureBytes: number;
  /** Open WebSockets from one IP address on one node; more are refused (429). */
  maxConnsPerIp: number;
  /**
   * HTTP requests (WebSocket upgrades included) per second and burst from one IP address,
   * and API requests per second and burst of one tenant. 0 turns a limit off. Shared by
   * every node through Redis when `KEFU_REDIS_URL` is set.
   */
  httpRatePerIp: number;
  httpBurstPerIp: number;
  httpRatePerTenant: number;
  httpBurstPerTenant: number;
  /**
   * Frames per second and burst from all WebSockets of one IP address on one node, on top
   * of the per-socket rate: reconnecting does not buy a fresh budget. 0 turns it off.
   */
  wsRatePerIp: number;
  wsBurstPerIp: number;
  /**
   * Largest request body, bytes, of the JSON API (uploads with their own limit excepted:
   * inbound email, bot datasets, WeChat callbacks).
   */
  maxBodyBytes: number;
  /** Seconds an HTTP connection may sit idle, or take to send its request (slow clients). */
  httpIdleTimeoutSec: number;
  /** Group commit: most messages in one transaction. */
  commitMaxBatch: number;
  /** Agent JWT lifetime in seconds. */
  jwtTtlSec: number;
  /** How long an agent's session lasts (its refresh tokens), however often refreshed. */
  refreshTtlSec: number;
  /** Behind a reverse proxy: take the client address from `X-Forwarded-For`. */
  trustProxy: boolean;
  /** Directory of the intent model to load at start (default: the shipped `models/default`). */
  modelDir: string | undefined;
  /** When set, `/metrics` requires `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** `off` runs without the bot: every conversation goes to people. */
  bot: 'on' | 'off';
  /** Tenants' own intent models kept loaded on one node (LRU), and their total size. */
  botModelCache: number;
  botModelCacheBytes: number;
  /** Training jobs running at once on one node (more wait); one per tenant in any case. */
  botTrainConcurrency: number;
  /** A training job running longer is stopped and fails. */
  botTrainTimeoutSec: number;
  /** Most examples in one uploaded dataset. */
  botDatasetMaxExamples: number;
  /** Seconds to wait for in-flight work at shutdown. */
  shutdownGraceSec: number;
  /** Seconds an agent without sockets keeps their conversations before they are re-queued. */
  agentOfflineGraceSec: number;
  /** How often SLA due times are checked, seconds. */
  slaScanSec: number;
  /**
   * Seconds an open conversation waits for its customer on another channel: within it, a
   * customer who wrote on WeChat and opens the widget continues the same conversation.
   */
  conversationContinueSec: number;
  /** WeChat server API base URL (a channel's own `apiBaseUrl` wins); tests point it at a fake. */
  wechatApiBaseUrl: string | undefined;
  /** Outbox (webhooks, WeChat and email sends): one attempt's time limit, ms. */
  deliveryTimeoutMs: number;
  /** Attempts before a delivery is dead-lettered. */
  deliveryMaxAttempts: number;
  /** First retry delay, ms (doubling, with jitter), and the longest delay. */
  deliveryBackoffMs: number;
  deliveryBackoffMaxMs: number;
  /** Attempts in flight at once, in total and per webhook or channel account. */
  deliveryConcurrency: number;
  deliveryPerTargetConcurrency: number;
  /** How often the outbox looks for due retries, ms. */
  deliveryPollMs: number;
  /** Largest inbound email (raw MIME) accepted, bytes. */
  emailMaxBytes: number;
  /** Most attachments, and their largest total size (bytes), in one inbound email. */
  emailMaxAttachments: number;
  emailMaxAttachmentBytes: number;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `expected an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function url(env: Env, name: string, schemes: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a valid URL`);
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme)) {
    throw new ConfigError(name, `scheme must be ${schemes.join(' or ')}, got "${scheme}"`);
  }
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const secret = env.KEFU_SECRET || undefined;
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError('KEFU_SECRET', 'must be at least 32 characters');
  }
  return {
    port: int(env, 'KEFU_PORT', 3000, 0, 65535),
    host: env.KEFU_HOST || '0.0.0.0',
    reusePort: env.KEFU_REUSE_PORT === '1',
    dataDir: resolve(env.KEFU_DATA_DIR || './data'),
    dbUrl: url(env, 'KEFU_DB_URL', ['mysql', 'mariadb']),
    redisUrl: url(env, 'KEFU_REDIS_URL', ['redis', 'rediss']),
    redisPrefix: env.KEFU_REDIS_PREFIX || 'kefu:',
    secret,
    logLevel: oneOf<LogLevel>(env, 'KEFU_LOG_LEVEL', 'info', [
      'trace',
      'debug',
      'info',
      'warn',
      'error',
      'fatal',
      'silent',
    ]),
    maxFrameBytes: int(env, 'KEFU_MAX_FRAME_BYTES', 16 * 1024, 256, 1024 * 1024),
    maxTextChars: int(env, 'KEFU_MAX_TEXT_CHARS', 4000, 1, 100_000),
    rateLimitPerSec: int(env, 'KEFU_RATE_LIMIT_PER_SEC', 20, 1, 100_000),
    rateLimitBurst: int(env, 'KEFU_RATE_LIMIT_BURST', 40, 1, 100_000),
    idleTimeoutSec: int(env, 'KEFU_IDLE_TIMEOUT_SEC', 120, 5, 960),
    backpressureBytes: int(
      env,
      'KEFU_BACKPRESSURE_BYTES',
      1024 * 1024,
      16 * 1024,
      256 * 1024 * 1024,
    ),
    maxConnsPerIp: int(env, 'KEFU_MAX_CONNS_PER_IP', 1000, 1, 1_000_000),
    httpRatePerIp: int(env, 'KEFU_HTTP_RATE_PER_IP', 100, 0, 1_000_000),
    httpBurstPerIp: int(env, 'KEFU_HTTP_BURST_PER_IP', 400, 1, 1_000_000),
    httpRatePerTenant: int(env, 'KEFU_HTTP_RATE_PER_TENANT', 300, 0, 1_000_000),
    httpBurstPerTenant: int(env, 'KEFU_HTTP_BURST_PER_TENANT', 1000, 1, 1_000_000),
    wsRatePerIp: int(env, 'KEFU_WS_RATE_PER_IP', 200, 0, 1_000_000),
    wsBurstPerIp: int(env, 'KEFU_WS_BURST_PER_IP', 1000, 1, 1_000_000),
    maxBodyBytes: int(env, 'KEFU_MAX_BODY_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    httpIdleTimeoutSec: int(env, 'KEFU_HTTP_IDLE_TIMEOUT_SEC', 30, 1, 255),
    commitMaxBatch: int(env, 'KEFU_COMMIT_MAX_BATCH', 2048, 1, 20_000),
    jwtTtlSec: int(env, 'KEFU_JWT_TTL_SEC', 3600, 60, 30 * 24 * 3600),
    refreshTtlSec: int(env, 'KEFU_REFRESH_TTL_SEC', 30 * 24 * 3600, 300, 365 * 24 * 3600),
    trustProxy: env.KEFU_TRUST_PROXY === '1',
    modelDir: env.KEFU_MODEL_DIR || undefined,
    bot: oneOf(env, 'KEFU_BOT', 'on', ['on', 'off'] as const),
    botModelCache: int(env, 'KEFU_BOT_MODEL_CACHE', 32, 1, 10_000),
    botModelCacheBytes: int(env, 'KEFU_BOT_MODEL_CACHE_MB', 512, 16, 1_000_000) * 1024 * 1024,
    botTrainConcurrency: int(env, 'KEFU_BOT_TRAIN_CONCURRENCY', 1, 1, 64),
    botTrainTimeoutSec: int(env, 'KEFU_BOT_TRAIN_TIMEOUT_SEC', 900, 10, 86_400),
    botDatasetMaxExamples: int(env, 'KEFU_BOT_DATASET_MAX_EXAMPLES', 50_000, 10, 1_000_000),
    metricsToken: env.KEFU_METRICS_TOKEN || undefined,
    shutdownGraceSec: int(env, 'KEFU_SHUTDOWN_GRACE_SEC', 10, 0, 600),
    agentOfflineGraceSec: int(env, 'KEFU_AGENT_OFFLINE_GRACE_SEC', 60, 0, 3600),
    slaScanSec: int(env, 'KEFU_SLA_SCAN_SEC', 10, 1, 3600),
    conversationContinueSec: int(env, 'KEFU_CONVERSATION_CONTINUE_SEC', 86_400, 0, 90 * 86_400),
    wechatApiBaseUrl: url(env, 'KEFU_WECHAT_API_BASE_URL', ['http', 'https']),
    deliveryTimeoutMs: int(env, 'KEFU_DELIVERY_TIMEOUT_MS', 10_000, 100, 300_000),
    deliveryMaxAttempts: int(env, 'KEFU_DELIVERY_MAX_ATTEMPTS', 8, 1, 100),
    deliveryBackoffMs: int(env, 'KEFU_DELIVERY_BACKOFF_MS', 2_000, 10, 3_600_000),
    deliveryBackoffMaxMs: int(env, 'KEFU_DELIVERY_BACKOFF_MAX_MS', 3_600_000, 10, 86_400_000),
    deliveryConcurrency: int(env, 'KEFU_DELIVERY_CONCURRENCY', 16, 1, 1024),
    deliveryPerTargetConcurrency: int(env, 'KEFU_DELIVERY_PER_TARGET_CONCURRENCY', 4, 1, 1024),
    deliveryPollMs: int(env, 'KEFU_DELIVERY_POLL_MS', 1_000, 10, 60_000),
    emailMaxBytes: int(env, 'KEFU_EMAIL_MAX_BYTES', 25 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    emailMaxAttachments: int(env, 'KEFU_EMAIL_MAX_ATTACHMENTS', 20, 0, 1000),
    emailMaxAttachmentBytes: int(
      env,
      'KEFU_EMAIL_MAX_ATTACHMENT_BYTES',
      15 * 1024 * 1024,
      0,
      200 * 1024 * 1024,
    ),
  };
}
