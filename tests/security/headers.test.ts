/**
 * Security headers on every kind of API answer (success, errors, refused upgrades, the
 * docs), as the web pages have them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await startTestKefu();
});
afterAll(() => k?.stop());

function expectHardened(res: Response, csp: RegExp): void {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toMatch(/^(no-referrer|same-origin)$/);
  expect(res.headers.get('content-security-policy')).toMatch(csp);
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
}

describe('security headers', () => {
  it('come with JSON answers, errors and refused upgrades', async () => {
    const answers = [
      await k.api('/api/v1/tenant', { token: k.tenant.apiKey }),
      await k.api('/api/v1/tenant'),
      await k.api('/api/v1/no-such-route', { token: k.tenant.apiKey }),
      await k.api('/api/v1/tenant', { method: 'PATCH', token: k.tenant.apiKey, json: { name: 1 } }),
      await k.api('/api/v1/auth/login', {
        method: 'POST',
        body: '{',
        headers: { 'content-type': 'application/json' },
      }),
      await k.api('/healthz'),
      await fetch(`${k.url}/ws/customer?widgetKey=nope`),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 422, 400, 200, 401]);
    for (const res of answers) {
      expectHardened(res, /^default-src 'none'/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('leave the docs page its scripts but refuse framing it', async () => {
    const res = await k.api('/docs');
    expect(res.status).toBe(200);
    expectHardened(res, /frame-ancestors 'none'/);
    expect(res.headers.get('content-security-policy')).not.toContain("default-src 'none'");
  });

  it('keep the pages’ own policy', async () => {
    const res = await k.api('/app');
    expect(res.status).toBe(200);
    expectHardened(res, /^default-src 'self'/);
  });
});
