/**
 * Reconnect storm: close every connection of a group, then reopen them all as fast as the
 * server accepts (at most `maxPending` in flight), each with its visitor token, sending
 * `resume` with its last seq; one is done when `resumed` arrives.
 */
import { encodeHistogram, newHistogram } from '../histogram.ts';
import type { Connection } from './connection.ts';
import type { Pool } from './pool.ts';
import type { ReconnectCommand, ReconnectResult } from './protocol.ts';

function resumeOnce(conn: Connection, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('resume timeout')), timeoutMs);
    conn.onResumed = () => {
      clearTimeout(timer);
      conn.onResumed = undefined;
      resolve();
    };
    conn.open(true).then(
      () => {
        if (!conn.send({ t: 'resume', afterSeq: conn.lastSeq })) reject(new Error('send failed'));
      },
      (error: Error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Runs the storm for one group and reports how many resumed and when. */
export async function reconnectStorm(pool: Pool, cmd: ReconnectCommand): Promise<ReconnectResult> {
  const conns = pool.conns(cmd.group);
  await Promise.all(conns.map((conn) => conn.close()));
  const latency = newHistogram();
  const errors: Record<string, number> = {};
  let done = 0;
  let failed = 0;
  let next = 0;
  const firstStart = performance.timeOrigin + performance.now();
  let lastDone = firstStart;
  const runOne = async (): Promise<void> => {
    while (next < conns.length) {
      const conn = conns[next++]!;
      const begun = performance.now();
      try {
        await resumeOnce(conn, cmd.timeoutMs);
        done++;
        lastDone = performance.timeOrigin + performance.now();
        latency.recordValue(Math.max(1, Math.round((performance.now() - begun) * 1000)));
      } catch (error) {
        failed++;
        const message = (error as Error).message;
        errors[message] = (errors[message] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(cmd.maxPending, conns.length) }, runOne));
  return { done, failed, firstStart, lastDone, latency: encodeHistogram(latency), errors };
}
