/**
 * Server memory per connection: RSS of the idle server after a small warm-up (so code paths
 * are compiled and counted as "empty"), then RSS with N idle connections, each read once it
 * stops moving (GC settled).
 */
import type { LoadGenerator } from './loadgen/driver.ts';
import type { Dialect } from './loadgen/protocol.ts';
import { settledRss } from './sampler.ts';

const WARMUP_CONNECTIONS = 100;

/** Opens and closes a few connections, then returns the settled RSS (bytes) of the server. */
export async function emptyServerRss(
  lg: LoadGenerator,
  pid: number | number[],
  dialect: Dialect,
  urls: string[],
): Promise<number> {
  await lg.connect('warmup', dialect, WARMUP_CONNECTIONS, { urls, ratePerSec: 1000 });
  await lg.close('warmup');
  return settledRss(pid, 10_000);
}

/** Settled RSS now, and the KB per connection above `emptyRss`. */
export async function perConnectionKb(
  pid: number | number[],
  emptyRss: number,
  connections: number,
): Promise<{ idleRss: number; perConnKb: number }> {
  const idleRss = await settledRss(pid, 20_000);
  const perConnKb = connections > 0 ? (idleRss - emptyRss) / connections / 1024 : 0;
  return { idleRss, perConnKb };
}
