/**
 * One abusive client, as its own process, from its own loopback address (raw sockets can
 * bind one, Bun's WebSocket client cannot): floods frames far above the per-connection
 * rate, sends oversized frames, and opens and drops connections without pause. Prints a
 * JSON summary of what it did and what the server answered when `ABUSE_DURATION_MS` is up.
 *
 * Env: ABUSE_PORT, ABUSE_WIDGET_KEY, ABUSE_LOCAL_ADDRESS (127.0.0.66), ABUSE_DURATION_MS,
 * ABUSE_FLOOD_RATE (frames/s), ABUSE_CHURN_RATE (connections/s), ABUSE_BIG_RATE (frames/s).
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

const env = process.env;
const port = Number(env.ABUSE_PORT);
const localAddress = env.ABUSE_LOCAL_ADDRESS ?? '127.0.0.66';
const path = `/ws/customer?widgetKey=${encodeURIComponent(env.ABUSE_WIDGET_KEY ?? '')}`;
const durationMs = Number(env.ABUSE_DURATION_MS ?? 10_000);
const floodRate = Number(env.ABUSE_FLOOD_RATE ?? 3000);
const churnRate = Number(env.ABUSE_CHURN_RATE ?? 50);
const bigRate = Number(env.ABUSE_BIG_RATE ?? 20);
const FLOODERS = 4;

const stats = {
  connects: 0,
  refused: {} as Record<string, number>,
  connectErrors: 0,
  closedByServer: 0,
  floodFrames: 0,
  bigFrames: 0,
  bytesSent: 0,
  bytesReceived: 0,
};

/** A client frame: FIN + opcode, masked payload (RFC 6455 §5.2). */
function frame(payload: Buffer, opcode = 0x1): Buffer {
  const n = payload.length;
  const header =
    n < 126
      ? Buffer.from([0x80 | opcode, 0x80 | n])
      : n < 65_536
        ? Buffer.from([0x80 | opcode, 0x80 | 126, n >> 8, n & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), u64(n)]);
  const mask = randomBytes(4);
  const masked = Buffer.alloc(n);
  for (let i = 0; i < n; i++) masked[i] = payload[i]! ^ mask[i & 3]!;
  return Buffer.concat([header, mask, masked]);
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

/** Opens a WebSocket by hand; resolves with the socket after `101`, or undefined if refused. */
function open(): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    let head = '';
    let upgraded = false;
    socket.on('error', () => {
      if (!upgraded) stats.connectErrors++;
      resolve(undefined);
    });
    socket.on('data', (chunk) => {
      stats.bytesReceived += chunk.length;
      if (upgraded) return;
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = head.slice(9, 12);
      if (status === '101') {
        upgraded = true;
        stats.connects++;
        socket.once('close', () => stats.closedByServer++);
        resolve(socket);
      } else {
        stats.refused[status] = (stats.refused[status] ?? 0) + 1;
        socket.destroy();
        resolve(undefined);
      }
    });
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
        'Sec-WebSocket-Version: 13\r\n\r\n',
    );
  });
}

function send(socket: Socket, data: Buffer): boolean {
  if (socket.destroyed) return false;
  stats.bytesSent += data.length;
  socket.write(data);
  return true;
}

const until = Date.now() + durationMs;
let counter = 0;
/**
 * Frames built (and masked) once: the abuser spends its CPU on sending, as a real one on
 * its own machine would, not on building frames on the 2 cores it shares with the server.
 */
const FLOOD = Array.from({ length: 1024 }, (_, i) =>
  frame(Buffer.from(JSON.stringify({ t: 'msg', clientMsgId: `flood-${i}`, text: 'spam' }))),
);

/** A flooding connection: valid frames far above the rate; reopened whenever it is cut. */
async function flooder(share: number): Promise<void> {
  let socket: Socket | undefined;
  while (Date.now() < until) {
    if (!socket || socket.destroyed) {
      socket = await open();
      if (!socket) {
        await Bun.sleep(100);
        continue;
      }
    }
    // 10 ms ticks: share of the flood rate per tick.
    const perTick = Math.max(1, Math.round((floodRate * share) / 100));
    for (let i = 0; i < perTick; i++) {
      if (send(socket, FLOOD[++counter % FLOOD.length]!)) stats.floodFrames++;
    }
    await Bun.sleep(10);
  }
  socket?.destroy();
}

/** Oversized frames: over the frame limit (error), and over 4× (closed with 1009). */
async function bigSender(): Promise<void> {
  let socket: Socket | undefined;
  const big = frame(
    Buffer.from(JSON.stringify({ t: 'msg', clientMsgId: 'big', text: 'x'.repeat(20_000) })),
  );
  const huge = frame(Buffer.alloc(80_000, 0x78));
  let n = 0;
  while (Date.now() < until) {
    if (!socket || socket.destroyed) socket = await open();
    if (socket && send(socket, ++n % 10 === 0 ? huge : big)) stats.bigFrames++;
    await Bun.sleep(1000 / bigRate);
  }
  socket?.destroy();
}

/** Connection churn: open, drop at once. */
async function churner(): Promise<void> {
  while (Date.now() < until) {
    const socket = await open();
    socket?.destroy();
    await Bun.sleep(1000 / churnRate);
  }
}

await Promise.all([
  ...Array.from({ length: FLOODERS }, () => flooder(1 / FLOODERS)),
  bigSender(),
  churner(),
]);
process.stdout.write(`${JSON.stringify(stats)}\n`);
process.exit(0);
