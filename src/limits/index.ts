/**
 * Abuse limits in front of the handlers: HTTP token buckets per IP address and per tenant
 * (in this process, or shared through Redis), and the cap on open WebSockets per IP.
 * A refusal is a `RateLimitedError` (429 with `retry-after`).
 */
import { KefuError, RateLimitedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { ConnectionCounter } from './connections.ts';
import { RedisBuckets } from './redis-buckets.ts';
import { type BucketLimit, MemoryBuckets } from './token-bucket.ts';

export { ConnectionCounter } from './connections.ts';

/** Routes that read their (larger) bodies themselves, each with its own limit. */
const OWN_BODY_LIMIT =
  /^\/(api\/v1\/channels\/email\/inbound|api\/v1\/bot\/datasets|wechat\/[^/]+)$/;

/**
 * Refuses (413 `payload_too_large`) a request whose declared body is over `maxBytes`,
 * before anything reads it. Bodies without a length are still capped by the server's
 * `maxRequestBodySize`.
 */
export function checkBodySize(req: Request, path: string, maxBytes: number): void {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > maxBytes && !OWN_BODY_LIMIT.test(path)) {
    throw new KefuError('payload_too_large', `request body larger than ${maxBytes} bytes`);
  }
}
export { TAKE } from './redis-buckets.ts';
export { type BucketLimit, MemoryBuckets } from './token-bucket.ts';

export interface LimitsOptions {
  maxConnsPerIp: number;
  httpRatePerIp: number;
  httpBurstPerIp: number;
  httpRatePerTenant: number;
  httpBurstPerTenant: number;
  wsRatePerIp: number;
  wsBurstPerIp: number;
  redisUrl: string | undefined;
  redisPrefix: string;
}

/** Which limit refused something (the label of `kefu_limit_refusals_total`). */
export type LimitName = 'ip' | 'tenant' | 'frames_per_ip' | 'connections_per_ip';

export class Limits {
  readonly connections: ConnectionCounter;
  /** Refusals since start, per limit (read by /metrics). */
  readonly refusals: Record<LimitName, number> = {
    ip: 0,
    tenant: 0,
    frames_per_ip: 0,
    connections_per_ip: 0,
  };
  private readonly memory = new MemoryBuckets();
  private readonly shared: RedisBuckets | undefined;
  private readonly perIp: BucketLimit | undefined;
  private readonly perTenant: BucketLimit | undefined;
  private readonly framesPerIp: BucketLimit | undefined;
  private readonly frames = new MemoryBuckets();

  constructor(options: LimitsOptions, log: Logger) {
    this.connections = new ConnectionCounter(options.maxConnsPerIp);
    this.perIp =
      options.httpRatePerIp > 0
        ? { rate: options.httpRatePerIp, burst: options.httpBurstPerIp }
        : undefined;
    this.perTenant =
      options.httpRatePerTenant > 0
        ? { rate: options.httpRatePerTenant, burst: options.httpBurstPerTenant }
        : undefined;
    this.framesPerIp =
      options.wsRatePerIp > 0
        ? { rate: options.wsRatePerIp, burst: options.wsBurstPerIp }
        : undefined;
    this.shared =
      options.redisUrl && (this.perIp || this.perTenant)
        ? new RedisBuckets(options.redisUrl, options.redisPrefix, log)
        : undefined;
  }

  /** One request from `ip`: throws `RateLimitedError` over the per-IP rate. */
  async ip(ip: string): Promise<void> {
    if (this.perIp) await this.take(`ip:${ip}`, this.perIp, 'requests from your address', 'ip');
  }

  /** One API request of `tenantId`: throws `RateLimitedError` over the per-tenant rate. */
  async tenant(tenantId: string): Promise<void> {
    if (this.perTenant)
      await this.take(`t:${tenantId}`, this.perTenant, 'requests of this tenant', 'tenant');
  }

  /**
   * One WebSocket frame from `ip` (this node's sockets only: a frame must not wait for
   * Redis). False when the address is over its rate.
   */
  frame(ip: string): boolean {
    if (!this.framesPerIp || this.frames.take(ip, this.framesPerIp) === 0) return true;
    this.refusals.frames_per_ip++;
    return false;
  }

  /** Counts a socket from `ip`, or refuses it (false) at the per-address cap. */
  openSocket(ip: string): boolean {
    if (this.connections.tryOpen(ip)) return true;
    this.refusals.connections_per_ip++;
    return false;
  }

  private async take(key: string, limit: BucketLimit, what: string, name: LimitName) {
    const waitMs = this.shared ? await this.shared.take(key, limit) : this.memory.take(key, limit);
    if (waitMs > 0) {
      this.refusals[name]++;
      throw new RateLimitedError(`too many ${what}, slow down`, waitMs);
    }
  }

  async close(): Promise<void> {
    await this.shared?.close();
  }
}
