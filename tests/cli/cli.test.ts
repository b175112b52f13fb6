import { afterAll, describe, expect, it } from 'bun:test';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { tempDir } from '../support/databases.ts';
import { BUN } from '../support/process.ts';

const ROOT = resolve(import.meta.dir, '../..');
const dataDir = tempDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function kefu(args: string[], env: Record<string, string> = {}) {
  const r = Bun.spawnSync([BUN, 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, KEFU_DATA_DIR: dataDir, ...env },
  });
  return { code: r.exitCode, out: r.stdout.toString().trim(), err: r.stderr.toString().trim() };
}

describe('kefu CLI', () => {
  it('migrates, creates a tenant and an agent, each printing one JSON object with --json', () => {
    expect(JSON.parse(kefu(['migrate', '--json']).out)).toEqual({
      migrated: true,
      dialect: 'sqlite',
    });
    const tenant = JSON.parse(kefu(['tenant', 'create', '--name', 'CLI Co', '--json']).out);
    expect(Object.keys(tenant).sort()).toEqual(['apiKey', 'tenantId', 'widgetKey']);
    expect(tenant.apiKey).toStartWith('kefu_sk_');
    const agent = kefu([
      'agent',
      'create',
      '--tenant',
      tenant.tenantId,
      '--email',
      'cli@example.com',
      '--password',
      'password123',
      '--skills',
      'billing,returns',
      '--role',
      'supervisor',
      '--json',
    ]);
    expect(agent.code).toBe(0);
    expect(JSON.parse(agent.out)).toMatchObject({
      email: 'cli@example.com',
      role: 'supervisor',
      skills: ['billing', 'returns'],
    });
  });

  it('prints a readable form without --json', () => {
    const r = kefu(['tenant', 'create', '--name', 'Readable']);
    expect(r.out).toContain('widgetKey');
    expect(r.out).toContain('shown once');
  });

  it('fails with a clear message and exit code 2 on bad input', () => {
    const noName = kefu(['tenant', 'create', '--json']);
    expect(noName.code).toBe(2);
    expect(JSON.parse(noName.out)).toEqual({
      error: { code: 'bad_request', message: '--name is required' },
    });
    const badTenant = kefu([
      'agent',
      'create',
      '--tenant',
      'nope',
      '--email',
      'x@example.com',
      '--password',
      'password123',
      '--json',
    ]);
    expect(JSON.parse(badTenant.out).error.code).toBe('not_found');
    expect(kefu(['frobnicate']).code).toBe(2);
    const badConfig = kefu(['migrate'], { KEFU_PORT: 'eighty' });
    expect(badConfig.code).toBe(2);
    expect(badConfig.err).toContain('KEFU_PORT');
  });
});
