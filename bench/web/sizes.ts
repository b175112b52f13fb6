/**
 * What a browser downloads: `/widget.js` and the agent app's first-load files (the `/app`
 * HTML and the JS and CSS it links), fetched from a running kefu twice — once asking for
 * `identity` (raw bytes) and once with `accept-encoding: gzip` and no decompression (the
 * bytes on the wire). Each body is also gzipped here with `Bun.gzipSync` level 9, to show
 * what the server leaves uncompressed.
 */
import type { Metric } from '../lib/types.ts';

/** The sizes of one served file. */
export interface FileSize {
  path: string;
  kind: 'html' | 'js' | 'css' | 'other';
  rawBytes: number;
  /** Body bytes sent to a client that accepts gzip (= raw when the server does not gzip it). */
  wireBytes: number;
  /** The raw body gzipped at level 9 by the bench. */
  gzip9Bytes: number;
  contentEncoding: string | null;
}

async function body(url: string, acceptEncoding: string) {
  const response = await fetch(url, {
    headers: { 'accept-encoding': acceptEncoding },
    decompress: false,
  });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return {
    bytes: new Uint8Array(await response.arrayBuffer()),
    encoding: response.headers.get('content-encoding'),
  };
}

function kindOf(path: string): FileSize['kind'] {
  if (path.endsWith('.js')) return 'js';
  if (path.endsWith('.css')) return 'css';
  return path.endsWith('.html') || path === '/app' ? 'html' : 'other';
}

/** Fetches one file both ways and measures it. */
export async function measureFile(baseUrl: string, path: string): Promise<FileSize> {
  const raw = await body(`${baseUrl}${path}`, 'identity');
  if (raw.encoding) throw new Error(`GET ${path} with identity came back ${raw.encoding}`);
  const wire = await body(`${baseUrl}${path}`, 'gzip');
  return {
    path,
    kind: kindOf(path),
    rawBytes: raw.bytes.byteLength,
    wireBytes: wire.bytes.byteLength,
    gzip9Bytes: Bun.gzipSync(raw.bytes, { level: 9 }).byteLength,
    contentEncoding: wire.encoding,
  };
}

/** The same-origin files an HTML page links with `src` / `href` (scripts, style sheets). */
export function linkedFiles(html: string): string[] {
  const paths = [...html.matchAll(/\b(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1]!);
  return [...new Set(paths)];
}

/** `/widget.js` and `/app` with everything it links. */
export async function measureSizes(baseUrl: string) {
  const widget = await measureFile(baseUrl, '/widget.js');
  const html = await (await fetch(`${baseUrl}/app`)).text();
  const app = [await measureFile(baseUrl, '/app')];
  for (const path of linkedFiles(html)) app.push(await measureFile(baseUrl, path));
  return { widget, app };
}

function bytes(value: number, label: string): Metric {
  return { value, unit: 'B', label };
}

/** Metrics `widget.*` and `app.<kind>.*`, `app.first_load.*`, plus notes on what is not gzipped. */
export function sizeMetrics(sizes: Awaited<ReturnType<typeof measureSizes>>) {
  const metrics: Record<string, Metric> = {
    'widget.raw_bytes': bytes(sizes.widget.rawBytes, '/widget.js raw'),
    'widget.gzip_bytes': bytes(sizes.widget.wireBytes, '/widget.js gzip (as sent)'),
  };
  const notes: string[] = [];
  for (const kind of ['html', 'js', 'css'] as const) {
    const files = sizes.app.filter((f) => f.kind === kind);
    const sum = (pick: (f: FileSize) => number) => files.reduce((n, f) => n + pick(f), 0);
    metrics[`app.${kind}.raw_bytes`] = bytes(
      sum((f) => f.rawBytes),
      `/app ${kind} raw`,
    );
    metrics[`app.${kind}.gzip_bytes`] = bytes(
      sum((f) => f.wireBytes),
      `/app ${kind} as sent`,
    );
  }
  const total = (pick: (f: FileSize) => number) => sizes.app.reduce((n, f) => n + pick(f), 0);
  metrics['app.first_load.raw_bytes'] = bytes(
    total((f) => f.rawBytes),
    '/app first load raw',
  );
  metrics['app.first_load.gzip_bytes'] = bytes(
    total((f) => f.wireBytes),
    '/app first load as sent (gzip where kefu gzips)',
  );
  const files = [sizes.widget, ...sizes.app];
  for (const file of files) {
    if (!file.contentEncoding) {
      notes.push(
        `${file.path} is sent uncompressed even to gzip clients: ${file.rawBytes} B (gzip -9 would be ${file.gzip9Bytes} B)`,
      );
    } else if (file.wireBytes !== file.gzip9Bytes) {
      notes.push(
        `${file.path}: sent ${file.contentEncoding} ${file.wireBytes} B, Bun.gzipSync level 9 gives ${file.gzip9Bytes} B`,
      );
    }
  }
  const same = files.filter((f) => f.contentEncoding && f.wireBytes === f.gzip9Bytes);
  if (same.length) {
    notes.push(
      `gzip as sent = Bun.gzipSync level 9 of the raw body for ${same.map((f) => f.path).join(', ')}`,
    );
  }
  notes.push(
    `sizes: body bytes as served (headers excluded); "gzip" = the body a client sending accept-encoding: gzip receives; first load = ${sizes.app.map((f) => f.path).join(', ')}`,
  );
  return { metrics, notes };
}
