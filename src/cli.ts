#!/usr/bin/env bun
import { join } from 'node:path';
/**
 * The `kefu` command: `serve`, `migrate`, `tenant create`, `agent create`.
 * Every command takes `--json` and then prints exactly one JSON object.
 */
import { parseArgs } from 'node:util';
import { createAgent, createTenant } from './accounts/index.ts';
import type { Role } from './auth/index.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { KefuError } from './errors.ts';
import { createLogger } from './log.ts';
import { startKefu } from './main.ts';
import { openStore } from './store/index.ts';

const USAGE = `kefu — omnichannel customer-service engine

usage: kefu <command> [options] [--json]

  serve                                   start the server (KEFU_PORT, default 3000)
  migrate                                 apply database migrations
  tenant create --name N                  create a tenant; prints tenantId, apiKey, widgetKey
  agent create --tenant T --email E --password P [--name N] [--skills a,b]
               [--role agent|supervisor|admin|owner] [--capacity N]

Configuration comes from the environment (see .env.example).`;

type Flags = Record<string, string | boolean | undefined>;

async function main(argv: string[]): Promise<number> {
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
    },
  });
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config);
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
        const user = await createAgent(store, {
          tenantId: required(values, 'tenant'),
          email: required(values, 'email'),
          password: required(values, 'password'),
          name: values.name as string | undefined,
          role: values.role as Role | undefined,
          skills: typeof values.skills === 'string' ? values.skills.split(',') : undefined,
          capacity: values.capacity === undefined ? undefined : Number(values.capacity),
        });
        return {
          agentId: user.id,
          tenantId: user.tenantId,
          email: user.email,
          role: user.role,
          skills: user.skills,
        };
      });
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
): Promise<number> {
  const store = openStore({ dbUrl: config.dbUrl, sqlitePath: join(config.dataDir, 'kefu.db') });
  try {
    print(values, await action(store));
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
