/**
 * Replay refusal. In plain mode the signature covers only token, timestamp and nonce,
 * not the body: whoever sees one signed URL could post any body with it. So each
 * `timestamp+nonce` is bound to the first body it came with.
 */
import { createHash } from 'node:crypto';
import { KefuError } from '../../errors.ts';
import type { ReplayCache } from './replay-cache.ts';

/**
 * Records the callback's `timestamp+nonce` with a hash of its body. The same pair with
 * the same body again is WeChat retrying and passes (deduplication handles it); with
 * another body it is a replay.
 * @throws KefuError `replayed_request`
 */
export async function refuseReplay(
  cache: ReplayCache,
  appId: string,
  callback: { timestamp: string; nonce: string },
  body: string,
  rememberMs: number,
): Promise<void> {
  const key = `wechat:${appId}:nonce:${callback.timestamp}:${callback.nonce}`;
  const bodyHash = createHash('sha256').update(body).digest('base64');
  if (await cache.addIfAbsent(key, bodyHash, rememberMs)) return;
  if ((await cache.get(key)) !== bodyHash) {
    throw new KefuError('replayed_request', 'timestamp and nonce were already used');
  }
}
