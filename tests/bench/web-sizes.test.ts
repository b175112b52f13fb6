/** The web suite's size measurement against a tiny server: raw, as sent, and gzip -9. */
import { afterAll, describe, expect, it } from 'bun:test';
import { linkedFiles, measureSizes, sizeMetrics } from '../../bench/web/sizes.ts';

const js = new TextEncoder().encode('console.log("kefu");\n'.repeat(200));
const gzippedJs = Bun.gzipSync(js, { level: 9 });
const html =
  '<!doctype html><link rel="icon" href="data:,"><link rel="stylesheet" href="/app/assets/a.css">' +
  '<script type="module" src="/app/assets/a.js"></script>';

const server = Bun.serve({
  port: 0,
  fetch(req) {
    const path = new URL(req.url).pathname;
    const gzip = /\bgzip\b/.test(req.headers.get('accept-encoding') ?? '');
    if (path === '/app') return new Response(html, { headers: { 'content-type': 'text/html' } });
    if (path === '/app/assets/a.css') return new Response('body{margin:0}');
    if (path === '/app/assets/a.js' || path === '/widget.js') {
      return gzip
        ? new Response(gzippedJs, { headers: { 'content-encoding': 'gzip' } })
        : new Response(js);
    }
    return new Response('no', { status: 404 });
  },
});
afterAll(() => server.stop(true));

describe('web suite sizes', () => {
  it('finds the same-origin files a page links, not data: URLs', () => {
    expect(linkedFiles(html)).toEqual(['/app/assets/a.css', '/app/assets/a.js']);
  });

  it('counts raw bytes, bytes as sent to a gzip client, and names what is sent uncompressed', async () => {
    const sizes = await measureSizes(`http://127.0.0.1:${server.port}`);
    expect(sizes.widget).toMatchObject({
      rawBytes: js.byteLength,
      wireBytes: gzippedJs.byteLength,
      contentEncoding: 'gzip',
    });
    const { metrics, notes } = sizeMetrics(sizes);
    expect(metrics['app.js.gzip_bytes']?.value).toBe(gzippedJs.byteLength);
    expect(metrics['app.html.gzip_bytes']?.value).toBe(html.length);
    expect(metrics['app.first_load.raw_bytes']?.value).toBe(
      html.length + js.byteLength + 'body{margin:0}'.length,
    );
    expect(notes.some((n) => n.startsWith('/app is sent uncompressed'))).toBe(true);
    expect(notes.some((n) => n.startsWith('/app/assets/a.css is sent uncompressed'))).toBe(true);
  });
});
