/**
 * Load-generator worker process (`bun bench/lib/loadgen/worker.ts <workerId>`): holds up to
 * ~9,000 WebSocket connections and runs the commands the driver sends over IPC.
 * It exits when the driver says `exit`, when the IPC channel closes, or when its parent dies.
 */
import { exitWithParent } from '../procs.ts';
import { Pool } from './pool.ts';
import type { Command, Reply } from './protocol.ts';
import { reconnectStorm } from './reconnect.ts';
import { Recorder } from './recorder.ts';
import { closedLoop, openLoop, sendOne } from './senders.ts';

const worker = Number(process.argv[2] ?? 0);
const recorder = new Recorder();
const pool = new Pool(worker, recorder, (label, done, total) =>
  process.send?.({ progress: { label, done, total } }),
);

async function execute(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'connect':
      return pool.connect(command);
    case 'window':
      recorder.setWindow(command);
      return null;
    case 'openLoop':
      return openLoop(pool, command);
    case 'closedLoop':
      return closedLoop(pool, command);
    case 'sendOne':
      return sendOne(pool, command);
    case 'reconnect':
      return reconnectStorm(pool, command);
    case 'count':
      return pool.count(command.group);
    case 'collect':
      return recorder.collect();
    case 'close':
      return pool.close(command.group);
    case 'quiet':
      return Math.min(1e9, recorder.quietMs());
  }
}

process.on('message', async (message: { id: number; command: Command | { cmd: 'exit' } }) => {
  if (message.command.cmd === 'exit') process.exit(0);
  let reply: Reply;
  try {
    reply = { id: message.id, ok: true, result: await execute(message.command) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: String((error as Error)?.stack ?? error) };
  }
  process.send?.(reply);
});
process.on('disconnect', () => process.exit(0));
exitWithParent();
process.send?.({ ready: worker });
