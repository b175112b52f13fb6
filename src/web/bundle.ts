/**
 * A page imported as HTML (`import page from './page.html'`), bundled by Bun and held in
 * memory, ready to serve with our own headers.
 *
 * From source, `Bun.build` bundles the page on first use: minified, content-hashed file
 * names under `publicPath`. Inside a `bun build --compile` binary the compiler has already
 * bundled it (the HTML import is embedded, node_modules is not needed) and `bundle.files`
 * lists the outputs; their references are rewritten to `publicPath`.
 *
 * Why not hand the HTMLBundle to `Bun.serve({ routes })` directly: Bun then owns the
 * response, so the page could not carry a Content-Security-Policy header, assets would
 * live at the site root, and the widget script could not be wrapped for classic loading.
 */
import { basename } from 'node:path';
import type { HTMLBundle } from 'bun';

type Bytes = Uint8Array<ArrayBuffer>;

export interface Asset {
  body: Bytes;
  /** The body gzipped, when that is smaller. */
  gzip: Bytes | undefined;
  contentType: string;
  etag: string;
}

export interface BuiltPage {
  html: string;
  /** Assets by file name (`index-3f9a.js`), served under `publicPath`. */
  assets: Map<string, Asset>;
}

/** Builds (from source) or reads (compiled) a page and its assets. */
export async function buildPage(bundle: HTMLBundle, publicPath: string): Promise<BuiltPage> {
  return bundle.files ? readCompiled(bundle, publicPath) : buildFromSource(bundle, publicPath);
}

async function buildFromSource(bundle: HTMLBundle, publicPath: string): Promise<BuiltPage> {
  const result = await Bun.build({
    entrypoints: [bundle.index],
    target: 'browser',
    minify: true,
    sourcemap: 'none',
    publicPath,
    define: { 'process.env.NODE_ENV': '"production"' },
    naming: {
      entry: '[name]-[hash].[ext]',
      chunk: '[name]-[hash].[ext]',
      asset: '[name]-[hash].[ext]',
    },
  });
  let html: string | undefined;
  const assets = new Map<string, Asset>();
  for (const output of result.outputs) {
    if (output.type.startsWith('text/html')) html = await output.text();
    else
      assets.set(
        basename(output.path),
        asset(new Uint8Array(await output.arrayBuffer()), output.type),
      );
  }
  if (html === undefined) throw new Error(`bundling ${bundle.index} produced no HTML`);
  return { html, assets };
}

async function readCompiled(bundle: HTMLBundle, publicPath: string): Promise<BuiltPage> {
  let html: string | undefined;
  const assets = new Map<string, Asset>();
  for (const file of bundle.files ?? []) {
    const bytes = new Uint8Array(await Bun.file(file.path).arrayBuffer());
    if (file.loader === 'html') html = new TextDecoder().decode(bytes);
    else assets.set(basename(file.path), asset(bytes, file.headers['content-type']));
  }
  if (html === undefined) throw new Error(`the compiled bundle ${bundle.index} has no HTML`);
  // The compiler points at the site root (`/chunk-x.js`): move references to publicPath.
  html = html.replace(/(src|href)="\/([^"/]+)"/g, (whole, attribute: string, name: string) =>
    assets.has(name) ? `${attribute}="${publicPath}${name}"` : whole,
  );
  return { html, assets };
}

export function asset(body: Bytes, contentType: string): Asset {
  const gzipped = Bun.gzipSync(body, { level: 9 });
  return {
    body,
    gzip: gzipped.byteLength < body.byteLength ? gzipped : undefined,
    contentType,
    etag: `"${Bun.hash(body).toString(36)}"`,
  };
}

/**
 * The page's one script, wrapped to run as a classic `<script async>` on someone else's
 * page: an arrow function keeps every top-level name out of the host's globals.
 */
export function classicScript(page: BuiltPage): Asset {
  const scripts = [...page.assets.values()].filter((a) => a.contentType.includes('javascript'));
  if (scripts.length !== 1) throw new Error(`expected one script, found ${scripts.length}`);
  const source = new TextDecoder().decode(scripts[0]!.body);
  const wrapped = `(()=>{${source}\n})();\n`;
  return asset(new TextEncoder().encode(wrapped), 'text/javascript;charset=utf-8');
}
