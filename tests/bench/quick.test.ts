/**
 * `bun bench --quick` in CI: every suite still runs and produces numbers. Their values are
 * the full bench's business (targets are not enforced in a quick run).
 */
import { describe, expect, it } from 'bun:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUITES } from '../../bench/lib/registry.ts';

interface Report {
  suites: { name: string; status: string; metrics: Record<string, { median: number }> }[];
}

describe('bun bench --quick', () => {
  it('runs every suite, each with finite numbers, and writes the reports', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kefu-bench-'));
    const proc = Bun.spawn([process.execPath, 'bench/run.ts', '--quick', '--json', '--out', out], {
      cwd: join(import.meta.dir, '../..'),
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const [stdout, stderr, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    if (code !== 0) console.error(stderr.slice(-4000));
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.suites.map((s) => s.name).sort()).toEqual(SUITES.map((s) => s.name).sort());
    for (const suite of report.suites) {
      expect({ suite: suite.name, status: suite.status }).toEqual({
        suite: suite.name,
        status: 'ok',
      });
      const values = Object.values(suite.metrics).map((m) => m.median);
      expect(values.length).toBeGreaterThan(0);
      expect(values.every(Number.isFinite)).toBe(true);
    }
    const files = [...new Bun.Glob('bench-*.{html,json}').scanSync(out)];
    expect(files.some((f) => f.endsWith('.html'))).toBe(true);
    expect(files.some((f) => f.endsWith('.json'))).toBe(true);
  }, 420_000);
});
