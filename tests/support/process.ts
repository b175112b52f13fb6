/**
 * kefu as a real child process (`bun src/cli.ts serve`), for crash and shutdown tests.
 */

import { resolve } from 'node:path';
import type { Subprocess } from 'bun';

const ROOT = resolve(import.meta.dir, '../..');
export const BUN = process.execPath;

export interface KefuProcess {
  proc: Subprocess<'ignore', 'pipe', 'pipe'>;
  url: string;
  wsUrl: string;
  logs: string[];
}

export function cli(
  args: string[],
  env: Record<string, string | undefined>,
): Record<string, unknown> {
  const out = Bun.spawnSync([BUN, 'src/cli.ts', ...args, '--json'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  const text = out.stdout.toString().trim();
  if (out.exitCode !== 0)
    throw new Error(`kefu ${args.join(' ')} failed (${out.exitCode}): ${text} ${out.stderr}`);
  return JSON.parse(text);
}

/** Starts `kefu serve` on a free port and resolves once it listens. */
export async function spawnKefu(env: Record<string, string | undefined>): Promise<KefuProcess> {
  const proc = Bun.spawn([BUN, 'src/cli.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      KEFU_PORT: '0',
      KEFU_HOST: '127.0.0.1',
      KEFU_LOG_LEVEL: 'info',
      KEFU_BOT: 'off',
      // Every test talks from 127.0.0.1: the abuse limits' own tests turn them on.
      KEFU_HTTP_RATE_PER_IP: '0',
      KEFU_HTTP_RATE_PER_TENANT: '0',
      KEFU_MAX_CONNS_PER_IP: '1000000',
      KEFU_WS_RATE_PER_IP: '0',
      ...env,
    },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const logs: string[] = [];
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`kefu did not start: ${logs.join('\n')}`)),
      20_000,
    );
    (async () => {
      const decoder = new TextDecoder();
      let buffered = '';
      const reader = proc.stdout.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        buffered += decoder.decode(r.value);
        let nl = buffered.indexOf('\n');
        while (nl >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          logs.push(line);
          try {
            const entry = JSON.parse(line) as { url?: string; msg?: string };
            if (entry.msg === 'kefu listening' && entry.url) {
              clearTimeout(timer);
              resolveUrl(entry.url);
            }
          } catch {}
          nl = buffered.indexOf('\n');
        }
      }
    })();
  });
  return { proc, url, wsUrl: url.replace('http', 'ws'), logs };
}
