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
  /** Where the embedded SQLite database and the generated secret live. */
  dataDir: string;
  /** `mysql://user:pass@host:port/db` to store in MySQL/MariaDB; unset means embedded SQLite. */
  dbUrl: string | undefined;
  redisUrl: string | undefined;
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
  /** Group commit: most messages in one transaction. */
  commitMaxBatch: number;
  /** Agent JWT lifetime in seconds. */
  jwtTtlSec: number;
  /** Directory of the intent model to load at start (default: the shipped `models/default`). */
  modelDir: string | undefined;
  /** Seconds to wait for in-flight work at shutdown. */
  shutdownGraceSec: number;
  /** Seconds an agent without sockets keeps their conversations before they are re-queued. */
  agentOfflineGraceSec: number;
  /** How often SLA due times are checked, seconds. */
  slaScanSec: number;
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
    dataDir: resolve(env.KEFU_DATA_DIR || './data'),
    dbUrl: url(env, 'KEFU_DB_URL', ['mysql', 'mariadb']),
    redisUrl: url(env, 'KEFU_REDIS_URL', ['redis', 'rediss']),
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
    commitMaxBatch: int(env, 'KEFU_COMMIT_MAX_BATCH', 512, 1, 10_000),
    jwtTtlSec: int(env, 'KEFU_JWT_TTL_SEC', 3600, 60, 30 * 24 * 3600),
    modelDir: env.KEFU_MODEL_DIR || undefined,
    shutdownGraceSec: int(env, 'KEFU_SHUTDOWN_GRACE_SEC', 10, 0, 600),
    agentOfflineGraceSec: int(env, 'KEFU_AGENT_OFFLINE_GRACE_SEC', 60, 0, 3600),
    slaScanSec: int(env, 'KEFU_SLA_SCAN_SEC', 10, 1, 3600),
  };
}
