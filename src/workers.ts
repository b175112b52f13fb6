/**
 * `kefu serve --workers N`: N kefu processes on one port (the kernel spreads connections
 * with SO_REUSEPORT), coordinated through Redis like separate machines. This process only
 * supervises: it starts the workers, restarts one that dies, and passes SIGTERM on.
 */
import type { Subprocess } from 'bun';
import type { Config } from './config.ts';
import { KefuError } from './errors.ts';
import type { Logger } from './log.ts';
import { isCompiled } from './paths.ts';

const RESTART_DELAY_MS = 1000;

export async function superviseWorkers(
  config: Config,
  count: number,
  log: Logger,
): Promise<number> {
  if (!config.redisUrl) {
    throw new KefuError(
      'bad_request',
      '--workers needs KEFU_REDIS_URL: the workers share delivery and routing through Redis',
    );
  }
  if (config.port === 0) throw new KefuError('bad_request', '--workers needs a fixed KEFU_PORT');
  const command = isCompiled
    ? [process.execPath, 'serve']
    : [process.execPath, process.argv[1]!, 'serve'];
  const workers = new Map<number, Subprocess>();
  let stopping = false;

  const start = (index: number) => {
    const proc = Bun.spawn(command, {
      env: { ...process.env, KEFU_REUSE_PORT: '1', KEFU_WORKER_INDEX: String(index) },
      stdin: 'ignore',
      stdout: 'inherit',
      stderr: 'inherit',
    });
    workers.set(index, proc);
    void proc.exited.then((code) => {
      if (stopping) return;
      log.error({ worker: index, code }, 'worker exited; restarting');
      setTimeout(() => !stopping && start(index), RESTART_DELAY_MS);
    });
  };
  for (let i = 0; i < count; i++) start(i);
  log.info({ workers: count, port: config.port }, 'kefu workers started');

  await new Promise<void>((resolve) => {
    const stop = () => {
      stopping = true;
      for (const proc of workers.values()) proc.kill('SIGTERM');
      void Promise.all([...workers.values()].map((p) => p.exited)).then(() => resolve());
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}
