/**
 * The two ways a worker sends load. Open loop: a fixed offered rate, each message stamped
 * with its *intended* send time, so latency includes any stall of the sender or the server
 * (coordinated-omission correction). Closed loop: each sender keeps `depth` messages in flight
 * and sends the next one when a reply arrives, to find the most the server sustains.
 */
import { nowMicros } from '../histogram.ts';
import { benchText, benchToken } from './codec.ts';
import type { Connection } from './connection.ts';
import type { Pool } from './pool.ts';
import type { ClosedLoopCommand, OpenLoopCommand, SendOneCommand } from './protocol.ts';

let serial = 0;

/**
 * Sends one message stamped with `intended`: the token is the clientMsgId (acks carry it);
 * the text is the bench text with the token (agents read it from there) or, when `texts` are
 * given, one of them in turn (a real question the bot can answer; bot replies are matched
 * oldest first).
 */
function sendBench(
  pool: Pool,
  conn: Connection,
  intended: number,
  bytes: number,
  texts?: string[],
): boolean {
  const n = ++serial;
  const token = benchToken(intended, pool.worker, n);
  const text = texts?.length ? texts[n % texts.length]! : benchText(token, bytes);
  if (!conn.sendMessage(token, text, intended)) return false;
  pool.recorder.sentOne(intended);
  return true;
}

/** Sends at `ratePerSec` from `startAt` for `durationMs`, round-robin over the senders. */
export function openLoop(
  pool: Pool,
  cmd: OpenLoopCommand,
): Promise<{ sent: number; unsent: number }> {
  const senders = pool
    .conns(cmd.group)
    .filter((c) => c.ready && (cmd.senders === 'all' || c.state === 'assigned'));
  for (const conn of senders) conn.botPending = [];
  const startUs = cmd.startAt * 1000;
  const endUs = startUs + cmd.durationMs * 1000;
  const intervalUs = 1e6 / cmd.ratePerSec;
  let k = 0;
  let sent = 0;
  let unsent = 0;
  return new Promise((resolve) => {
    if (senders.length === 0 || cmd.ratePerSec <= 0) return resolve({ sent, unsent });
    const loop = () => {
      const now = nowMicros();
      let intended = startUs + k * intervalUs;
      while (intended <= now && intended < endUs) {
        const conn = senders[k % senders.length]!;
        if (sendBench(pool, conn, Math.round(intended), cmd.payloadBytes, cmd.texts)) sent++;
        else unsent++;
        k++;
        intended = startUs + k * intervalUs;
      }
      if (intended >= endUs) return resolve({ sent, unsent });
      setTimeout(loop, Math.max(0, Math.min(1, (intended - now) / 1000)));
    };
    setTimeout(loop, Math.max(0, cmd.startAt - (performance.timeOrigin + performance.now())));
  });
}

/** Keeps `depth` messages in flight on each of `senders` connections until the end. */
export function closedLoop(pool: Pool, cmd: ClosedLoopCommand): Promise<{ sent: number }> {
  const senders = pool
    .conns(cmd.group)
    .filter((c) => c.ready)
    .slice(0, cmd.senders);
  const endUs = (cmd.startAt + cmd.durationMs) * 1000;
  let sent = 0;
  const next = (conn: Connection) => {
    if (sendBench(pool, conn, nowMicros(), cmd.payloadBytes, cmd.texts)) sent++;
  };
  return new Promise((resolve) => {
    setTimeout(
      () => {
        for (const conn of senders) {
          conn.botPending = [];
          conn.onReply = (kind) => {
            if (kind === cmd.reply && nowMicros() < endUs) next(conn);
          };
          for (let d = 0; d < cmd.depth; d++) next(conn);
        }
        setTimeout(() => {
          for (const conn of senders) conn.onReply = undefined;
          resolve({ sent });
        }, cmd.durationMs);
      },
      Math.max(0, cmd.startAt - (performance.timeOrigin + performance.now())),
    );
  });
}

/** Every ready connection of the group sends one message, spread over `spreadMs`. */
export async function sendOne(pool: Pool, cmd: SendOneCommand): Promise<{ sent: number }> {
  const conns = pool.conns(cmd.group).filter((c) => c.ready);
  const perMs = conns.length / Math.max(1, cmd.spreadMs);
  let sent = 0;
  const t0 = performance.now();
  for (const conn of conns) {
    const token = benchToken(nowMicros(), pool.worker, ++serial);
    if (conn.sendMessage(token, `${cmd.text} ${token}`, nowMicros())) sent++;
    const ahead = sent / perMs - (performance.now() - t0);
    if (ahead > 2) await Bun.sleep(ahead);
  }
  return { sent };
}
