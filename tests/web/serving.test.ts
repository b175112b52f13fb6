/**
 * How kefu serves its web apps over HTTP: content types, cache headers, the CSP, the widget
 * as a self-contained classic script under 40 KB gzipped, the demo page per widget key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HTMLBundle } from 'bun';
import { buildPage } from '../../src/web/bundle.ts';
import { renderDemoPage } from '../../src/web/demo/page.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/web/respond.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await startTestKefu();
}, 60_000);
afterAll(async () => {
  await k?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${k.url}${path}`, { headers, decompress: false } as RequestInit);

describe('the agent app', () => {
  it('serves its page uncached with a Content-Security-Policy, for every /app path', async () => {
    for (const path of ['/app', '/app/', '/app/c/0190abcd']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html;charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy')!;
      for (const directive of [
        "default-src 'self'",
        "connect-src 'self' ws: wss:",
        "img-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "frame-ancestors 'none'",
      ]) {
        expect(csp).toContain(directive);
      }
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('<div id="root"></div>');
    }
  });

  it('serves hashed, minified assets as immutable, with ETag revalidation and gzip', async () => {
    const html = await (await get('/app')).text();
    const paths = [...html.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(paths.some((p) => /-[a-z0-9]{8}\.js$/.test(p))).toBe(true);
    expect(paths.some((p) => /-[a-z0-9]{8}\.css$/.test(p))).toBe(true);
    for (const path of paths) {
      const res = await get(path, { 'accept-encoding': 'gzip' });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toMatch(
        path.endsWith('.js') ? /^text\/javascript/ : /^text\/css/,
      );
      expect(res.headers.get('content-encoding')).toBe('gzip');
      const etag = res.headers.get('etag')!;
      const again = await get(path, { 'if-none-match': etag });
      expect(again.status).toBe(304);
    }
  });

  it('answers 404 for an unknown asset and 405 for other methods', async () => {
    expect((await get('/app/assets/nothing-12345678.js')).status).toBe(404);
    const post = await fetch(`${k.url}/app`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('leaves every other path to the API', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/apps')).status).toBe(404);
  });
});

describe('the widget script', () => {
  it('is one classic script (not a module), under 40 KB gzipped', async () => {
    const res = await get('/widget.js', { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript;charset=utf-8');
    expect(res.headers.get('cache-control')).toStartWith('public, max-age=300');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const gzipped = new Uint8Array(await res.arrayBuffer());
    expect(gzipped.byteLength).toBeLessThan(40 * 1024);
    const source = new TextDecoder().decode(Bun.gunzipSync(gzipped));
    expect(source.startsWith('(()=>{')).toBe(true);
    // Parses as a plain function body: no import/export statements (it is not a module).
    expect(() => new Function(source)).not.toThrow();
  });
});

describe('the demo page', () => {
  it("embeds the tenant's widget for a known key", async () => {
    const res = await get(`/demo/${k.tenant.widgetKey}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).toContain(
      `<script src="/widget.js" data-widget-key="${k.tenant.widgetKey}" async></script>`,
    );
  });

  it('answers 404 for an unknown key, a too long one and a hostile one', async () => {
    for (const key of ['wk_unknown', 'x'.repeat(65), encodeURIComponent('"><script>x</script>')]) {
      const res = await get(`/demo/${key}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('<script>x');
    }
  });

  it('escapes the key wherever it appears', () => {
    const html = renderDemoPage('wk_"><img src=x onerror=alert(1)>', 'http://kefu.test');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('data-widget-key="wk_&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });
});

describe('pages of a compiled binary', () => {
  it('serves the compiler-embedded files under the public path', async () => {
    // What `bun build --compile` gives an HTML import: the outputs, pointing at the root.
    const dir = await mkdtemp(join(tmpdir(), 'kefu-bundle-'));
    try {
      const file = async (name: string, body: string) => {
        await writeFile(join(dir, name), body);
        return join(dir, name);
      };
      const bundle: HTMLBundle = {
        index: join(dir, 'index-a1.html'),
        files: [
          {
            path: await file(
              'index-a1.html',
              '<link rel="stylesheet" href="/chunk-c1.css"><script type="module" src="/chunk-j1.js"></script><a href="/elsewhere">x</a>',
            ),
            loader: 'html',
            isEntry: true,
            headers: { etag: 'e1', 'content-type': 'text/html;charset=utf-8' },
          },
          {
            path: await file('chunk-j1.js', 'console.log(1)'),
            loader: 'js',
            isEntry: true,
            headers: { etag: 'e2', 'content-type': 'text/javascript;charset=utf-8' },
          },
          {
            path: await file('chunk-c1.css', 'body{color:red}'),
            loader: 'css',
            isEntry: true,
            headers: { etag: 'e3', 'content-type': 'text/css;charset=utf-8' },
          },
        ],
      };
      const page = await buildPage(bundle, '/app/assets/');
      expect(page.html).toBe(
        '<link rel="stylesheet" href="/app/assets/chunk-c1.css"><script type="module" src="/app/assets/chunk-j1.js"></script><a href="/elsewhere">x</a>',
      );
      expect([...page.assets.keys()].sort()).toEqual(['chunk-c1.css', 'chunk-j1.js']);
      expect(page.assets.get('chunk-j1.js')!.contentType).toBe('text/javascript;charset=utf-8');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

it('keeps the policy the brief asked for', () => {
  expect(CONTENT_SECURITY_POLICY).toStartWith(
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
  );
});
