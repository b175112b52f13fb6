/**
 * Reconnect storm: close every connection of a group, then reopen them all as fast as the
 * server accepts (at most `maxPending` in flight), each with its visitor token, sending
 * `resume` with its last seq; one is done when `resumed` arrives. Bounded: no connection is
 * started after `deadlineMs`, and none waits past it (at least 1 s).
 */
import { encodeHistogram, newHistogram } from '../histogram.ts';
import type { Connection } from './connection.ts';
import type { Pool } from './pool.ts';
import type { ReconnectCommand, ReconnectResult } from './protocol.ts';

/** Reopens one connection and resumes; resolves with the ms from start to `welcome`. */
function resumeOnce(conn: Connection, timeoutMs: number): Promise<number> {
  const begun = performance.now();
  let welcomed = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(welcomed ? 'no resumed (timeout)' : 'no welcome (timeout)')),
      timeoutMs,
    );
    conn.onResumed = () => {
      clearTimeout(timer);
      conn.onResumed = undefined;
      resolve(welcomed - begun);
    };
    conn.open(true).then(
      () => {
        welcomed = performance.now();
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
  const welcome = newHistogram();
  const errors: Record<string, number> = {};
  let done = 0;
  let failed = 0;
  let next = 0;
  const firstStart = performance.timeOrigin + performance.now();
  let lastDone = firstStart;
  const deadline = performance.now() + cmd.deadlineMs;
  const runOne = async (): Promise<void> => {
    while (next < conns.length && performance.now() < deadline) {
      const conn = conns[next++]!;
      const begun = performance.now();
      try {
        const toWelcome = await resumeOnce(
          conn,
          Math.min(cmd.timeoutMs, Math.max(1000, deadline - begun)),
        );
        welcome.recordValue(Math.max(1, Math.round(toWelcome * 1000)));
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
  if (next < conns.length) {
    failed += conns.length - next;
    errors['not tried: storm deadline'] = conns.length - next;
  }
  return {
    done,
    failed,
    firstStart,
    lastDone,
    latency: encodeHistogram(latency),
    welcome: encodeHistogram(welcome),
    errors,
  };
}
