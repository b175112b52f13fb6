/**
 * The connections a worker holds, by group ("customers", "agents"): opening them at a ramp
 * rate with a cap on handshakes in flight, heartbeats, counting and closing.
 */
import { encodeHistogram, newHistogram } from '../histogram.ts';
import { Connection } from './connection.ts';
import type { ConnectCommand, ConnectResult, CountResult, Dialect } from './protocol.ts';
import type { Recorder } from './recorder.ts';

interface Group {
  dialect: Dialect;
  conns: Connection[];
  heartbeatSlots: number;
  dropped: number;
  closeCodes: Record<string, number>;
}

/** A worker's connections, by group. */
export class Pool {
  readonly groups = new Map<string, Group>();
  private tick = 0;

  constructor(
    readonly worker: number,
    readonly recorder: Recorder,
    private readonly progress: (label: string, done: number, total: number) => void,
  ) {
    // Heartbeats: each connection pings once per heartbeat period, spread over the seconds.
    setInterval(() => {
      this.tick++;
      for (const group of this.groups.values()) {
        for (const conn of group.conns) {
          if (
            conn.ready &&
            conn.index % group.heartbeatSlots === this.tick % group.heartbeatSlots
          ) {
            conn.send({ t: 'ping' });
          }
        }
      }
    }, 1000);
  }

  /** The connections of a group (empty if unknown). */
  conns(name: string): Connection[] {
    return this.groups.get(name)?.conns ?? [];
  }

  /** Opens `count` connections at `ratePerSec` with at most `maxPending` handshakes at once. */
  connect(cmd: ConnectCommand): Promise<ConnectResult> {
    let group = this.groups.get(cmd.group);
    if (!group) {
      const heartbeatSlots = Math.max(1, Math.round(cmd.heartbeatMs / 1000));
      group = { dialect: cmd.dialect, conns: [], heartbeatSlots, dropped: 0, closeCodes: {} };
      this.groups.set(cmd.group, group);
    }
    const target = group;
    const handshake = newHistogram();
    const errors: Record<string, number> = {};
    let started = 0;
    let pending = 0;
    let opened = 0;
    let failed = 0;
    const t0 = performance.now();
    return new Promise((resolve) => {
      const finish = () =>
        resolve({
          opened,
          failed: cmd.count - opened,
          elapsedMs: performance.now() - t0,
          handshake: encodeHistogram(handshake),
          errors,
        });
      const startOne = () => {
        const index = cmd.firstIndex + started++;
        const url = cmd.urls[index % cmd.urls.length]!;
        const conn = new Connection(index, cmd.dialect, url, this.recorder);
        conn.onDrop = (code) => {
          target.dropped++;
          target.closeCodes[code] = (target.closeCodes[code] ?? 0) + 1;
        };
        const begun = performance.now();
        pending++;
        conn.open(false).then(
          () => {
            pending--;
            opened++;
            handshake.recordValue(Math.max(1, Math.round((performance.now() - begun) * 1000)));
            target.conns.push(conn);
          },
          (error: Error) => {
            pending--;
            failed++;
            errors[error.message] = (errors[error.message] ?? 0) + 1;
          },
        );
      };
      let lastReport = 0;
      const step = () => {
        const elapsed = performance.now() - t0;
        const due = Math.min(cmd.count, Math.floor((elapsed / 1000) * cmd.ratePerSec) + 1);
        while (started < due && pending < cmd.maxPending) startOne();
        if (elapsed - lastReport > 500) {
          lastReport = elapsed;
          this.progress(`${cmd.group} open`, opened, cmd.count);
        }
        if (opened + failed >= cmd.count || elapsed > cmd.timeoutMs) return finish();
        setTimeout(step, 5);
      };
      step();
    });
  }

  /** How many connections of a group are open, greeted, assigned to an agent, dropped. */
  count(name: string): CountResult {
    const group = this.groups.get(name);
    const conns = group?.conns ?? [];
    return {
      open: conns.filter((c) => c.ws?.readyState === WebSocket.OPEN).length,
      ready: conns.filter((c) => c.ready).length,
      assigned: conns.filter((c) => c.ready && c.state === 'assigned').length,
      dropped: group?.dropped ?? 0,
      closeCodes: group?.closeCodes ?? {},
    };
  }

  /** Closes every connection of a group and forgets the group. */
  async close(name: string): Promise<void> {
    await Promise.all(this.conns(name).map((conn) => conn.close()));
    this.groups.delete(name);
  }
}
