#!/usr/bin/env bun
import { join } from 'node:path';
/**
 * The `kefu` command: `serve`, `migrate`, `tenant create`, `agent create`.
 * Every command takes `--json` and then prints exactly one JSON object.
 */
import { parseArgs } from 'node:util';
import { createAgent, createTenant } from './accounts/index.ts';
import type { Role } from './auth/index.ts';
import { loadSecret } from './auth/index.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { KefuError } from './errors.ts';
import { createLogger } from './log.ts';
import { startKefu } from './main.ts';
import { backupSqlite, restoreSqlite } from './ops/backup.ts';
import { eraseCustomerEverywhere, exportCustomer } from './ops/privacy.ts';
import { purge } from './ops/retention.ts';
import { openStore } from './store/index.ts';
import { superviseWorkers } from './workers.ts';

const USAGE = `kefu — omnichannel customer-service engine

usage: kefu <command> [options] [--json]

  serve [--workers N]                     start the server (KEFU_PORT, default 3000);
                                          N processes on one port need KEFU_REDIS_URL
  migrate                                 apply database migrations
  tenant create --name N                  create a tenant; prints tenantId, apiKey, widgetKey
  agent create --tenant T --email E --password P [--name N] [--skills a,b]
               [--role agent|supervisor|admin|owner] [--capacity N]
  backup --out FILE                       online, consistent copy of the SQLite database
  restore --from FILE [--force]           put a backup in place (server stopped)
  customer export --tenant T --customer C [--out FILE]
                                          everything held about a customer (access request)
  customer erase --tenant T --customer C  erase a customer (prefer the API on a live server)
  purge [--tenant T --older-than-days N]  retention: purge old closed conversations now
  intent train [--data FILE.jsonl --out DIR] [--seed N] [--json]
                                          train a model (no --data: rebuild models/default)
  intent eval --model DIR --data FILE.jsonl --json
                                          accuracy, macroF1, inScopeAccuracy, oosRecall, n
  intent predict --model DIR              JSONL {"text"} on stdin → {"text","label","confidence","declined"}

Configuration comes from the environment (see .env.example).`;

type Flags = Record<string, string | boolean | undefined>;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'intent') {
    // The intent commands take their own flags (--data, --out, --model, --seed, --json).
    const { runIntentCommand } = await import('./intent/index.ts');
    return runIntentCommand(argv, {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      stdin: process.stdin,
    });
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      name: { type: 'string' },
      tenant: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      skills: { type: 'string' },
      role: { type: 'string' },
      capacity: { type: 'string' },
      workers: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      force: { type: 'boolean' },
      customer: { type: 'string' },
      'older-than-days': { type: 'string' },
    },
  });
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const workers = values.workers === undefined ? 1 : Number(values.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
        throw new KefuError('bad_request', '--workers must be an integer from 1 to 64');
      }
      if (workers > 1) {
        // Migrate and create the shared secret once, before the workers race for them.
        await withStore(
          config,
          {},
          async (store) => {
            await store.migrate();
            return {};
          },
          false,
        );
        loadSecret(config.secret, config.dataDir);
        return superviseWorkers(config, workers, createLogger(config.logLevel));
      }
      return serve(config);
    }
    case 'migrate':
      return withStore(config, values, async (store) => {
        await store.migrate();
        return { migrated: true, dialect: store.dialect };
      });
    case 'tenant create':
      return withStore(config, values, async (store) => {
        await store.migrate();
        return { ...(await createTenant(store, { name: required(values, 'name') })) };
      });
    case 'agent create':
      return withStore(config, values, async (store) => {
        await store.migrate();
        const user = await createAgent(
          store,
          {
            tenantId: required(values, 'tenant'),
            email: required(values, 'email'),
            password: required(values, 'password'),
            name: values.name as string | undefined,
            role: values.role as Role | undefined,
            skills: typeof values.skills === 'string' ? values.skills.split(',') : undefined,
            capacity: values.capacity === undefined ? undefined : Number(values.capacity),
          },
          // An operator at the console: audited as the system.
          { kind: 'system', id: null },
        );
        return {
          agentId: user.id,
          tenantId: user.tenantId,
          email: user.email,
          role: user.role,
          skills: user.skills,
        };
      });
    case 'backup': {
      if (config.dbUrl)
        throw new KefuError(
          'bad_request',
          'backup covers the embedded SQLite database; back MySQL up with mysqldump or mariabackup',
        );
      print(values, backupSqlite(config.dataDir, required(values, 'out')));
      return 0;
    }
    case 'restore': {
      if (config.dbUrl)
        throw new KefuError(
          'bad_request',
          'restore covers the embedded SQLite database; restore MySQL with its own tools',
        );
      const restored = restoreSqlite(
        required(values, 'from'),
        config.dataDir,
        values.force === true,
      );
      // An older backup is brought up to this version's schema at once.
      return withStore(config, values, async (store) => {
        await store.migrate();
        return { restored: restored.file };
      });
    }
    case 'customer export':
      return withStore(config, values, async (store) => {
        const data = await exportCustomer(
          store,
          required(values, 'tenant'),
          required(values, 'customer'),
        );
        if (typeof values.out === 'string') {
          await Bun.write(values.out, JSON.stringify(data, null, 2));
          return { exported: values.out };
        }
        return data;
      });
    case 'customer erase':
      // Run it through the API on a live server (sockets are closed there); this form is for maintenance.
      return withStore(config, values, async (store) => ({
        erased: await eraseCustomerEverywhere(
          store,
          undefined,
          required(values, 'tenant'),
          required(values, 'customer'),
        ),
      }));
    case 'purge': {
      const days =
        values['older-than-days'] === undefined ? undefined : Number(values['older-than-days']);
      if (days !== undefined && (!Number.isInteger(days) || days < 1))
        throw new KefuError('bad_request', '--older-than-days must be a positive integer');
      if (days !== undefined && typeof values.tenant !== 'string')
        throw new KefuError('bad_request', '--older-than-days needs --tenant');
      return withStore(config, values, async (store) =>
        purge(store, { tenantId: values.tenant as string | undefined, olderThanDays: days }),
      );
    }
    default:
      throw new KefuError('bad_request', `unknown command "${command}" (kefu --help)`);
  }
}

function required(values: Flags, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '')
    throw new KefuError('bad_request', `--${name} is required`);
  return value;
}

async function withStore(
  config: Config,
  values: Flags,
  action: (store: ReturnType<typeof openStore>) => Promise<Record<string, unknown>>,
  output = true,
): Promise<number> {
  const store = openStore({ dbUrl: config.dbUrl, sqlitePath: join(config.dataDir, 'kefu.db') });
  try {
    const result = await action(store);
    if (output) print(values, result);
    return 0;
  } finally {
    await store.close();
  }
}

function print(values: Flags, result: Record<string, unknown>): void {
  if (values.json) {
    console.log(JSON.stringify(result));
    return;
  }
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  for (const [key, value] of Object.entries(result)) {
    console.log(`${key.padEnd(width)}  ${Array.isArray(value) ? value.join(',') : String(value)}`);
  }
  if ('apiKey' in result) console.log('\nThe API key is shown once: store it now.');
}

async function serve(config: Config): Promise<number> {
  const kefu = await startKefu(config, createLogger(config.logLevel));
  await new Promise<void>((resolve) => {
    const shutdown = () => void kefu.stop().then(resolve);
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
  return 0;
}

const argv = process.argv.slice(2);
const asJson = argv.includes('--json');
main(argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = String((error as { code?: unknown })?.code ?? '').startsWith('ERR_PARSE_ARGS');
    const message =
      error instanceof ConfigError
        ? `config error: ${error.message}`
        : error instanceof KefuError || usage
          ? (error as Error).message
          : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    const code =
      error instanceof KefuError
        ? error.code
        : error instanceof ConfigError
          ? 'config'
          : usage
            ? 'usage'
            : 'error';
    if (asJson) console.log(JSON.stringify({ error: { code, message } }));
    else console.error(`kefu: ${message}`);
    process.exit(code === 'error' ? 1 : 2);
  },
);
