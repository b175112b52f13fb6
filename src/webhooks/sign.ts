/**
 * Webhook signatures, Stripe-style: `Kefu-Signature: t=<unix seconds>,v1=<hex>` where
 * `v1 = HMAC-SHA256(secret, t + "." + body)`. The timestamp is signed with the body, so a
 * captured request cannot be replayed later than the receiver's tolerance.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'kefu-signature';

export function newWebhookSecret(): string {
  return `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')}`;
}

/** The `Kefu-Signature` header value for `body` sent at `timestampSec`. */
export function signWebhook(secret: string, body: string, timestampSec: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex');
  return `t=${timestampSec},v1=${v1}`;
}

/**
 * What a receiver does: recompute the HMAC over the raw body and compare in constant time,
 * and refuse timestamps older (or newer) than `toleranceSec`.
 * @example verifyWebhookSignature(req.headers.get('kefu-signature'), rawBody, secret)
 */
export function verifyWebhookSignature(
  header: string | null | undefined,
  body: string,
  secret: string,
  options: { toleranceSec?: number; nowSec?: number } = {},
): boolean {
  const parts = new Map<string, string[]>();
  for (const item of (header ?? '').split(',')) {
    const [key, value] = item.split('=', 2);
    if (key && value) parts.set(key.trim(), [...(parts.get(key.trim()) ?? []), value.trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t)) return false;
  const now = options.nowSec ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (options.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split('v1=')[1]!, 'hex');
  return (parts.get('v1') ?? []).some((candidate) => {
    const given = /^[0-9a-f]{64}$/.test(candidate) ? Buffer.from(candidate, 'hex') : undefined;
    return given !== undefined && timingSafeEqual(given, expected);
  });
}
