/**
 * The web apps, served by the kefu process itself:
 *
 * - `/app`, `/app/*`: the agent workspace (a Preact SPA), with a Content-Security-Policy;
 *   its hashed, immutable assets under `/app/assets/`.
 * - `/widget.js`: the chat widget for customers' sites (one classic script, Shadow DOM).
 * - `/demo/:widgetKey`: a fake storefront with the tenant's widget, 404 for unknown keys.
 *
 * Pages are bundled by Bun from HTML imports on first request and kept in memory.
 *
 * @example
 * Bun.serve({ routes: webRoutes({ lookupWidget: async (k) => !!(await tenants.byWidget(k)), log }), fetch })
 */
import type { Logger } from '../log.ts';
import appPage from './app/index.html';
import { type Asset, type BuiltPage, buildPage, classicScript } from './bundle.ts';
import { renderDemoPage, renderUnknownWidgetPage } from './demo/page.ts';
import {
  assetResponse,
  IMMUTABLE,
  methodNotAllowed,
  notFound,
  pageResponse,
  SHORT_CACHE,
} from './respond.ts';
import widgetPage from './widget/bundle.html';

export interface WebOptions {
  /** True when a tenant has this widget key. */
  lookupWidget(widgetKey: string): Promise<boolean>;
  log: Logger;
}

export const APP_ASSETS_PATH = '/app/assets/';

type Handler = (req: Request & { params?: Record<string, string> }) => Promise<Response>;

/** The routes to give `Bun.serve({ routes })`; everything else falls through to `fetch`. */
export function webRoutes(options: WebOptions) {
  const { log } = options;
  const app = once(() => buildPage(appPage, APP_ASSETS_PATH));
  const widget = once(async () => classicScript(await buildPage(widgetPage, '/widget/')));

  /** GET/HEAD only; a failed build is logged and answered with 500 (and retried next time). */
  const get =
    (handler: Handler): Handler =>
    async (req) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed();
      try {
        return await handler(req);
      } catch (error) {
        log.error({ err: error, url: req.url }, 'web page failed');
        return new Response('Internal error', { status: 500 });
      }
    };

  const appShell = get(async () => pageResponse((await app()).html));

  return {
    '/app': appShell,
    '/app/*': appShell,
    '/app/assets/*': get(async (req) => {
      const name = new URL(req.url).pathname.slice(APP_ASSETS_PATH.length);
      const asset = (await app()).assets.get(name);
      return asset ? assetResponse(req, asset, IMMUTABLE) : notFound();
    }),
    '/widget.js': get(async (req) => assetResponse(req, await widget(), SHORT_CACHE)),
    '/demo/:widgetKey': get(async (req) => {
      const widgetKey = req.params?.widgetKey ?? '';
      const known = widgetKey.length <= 64 && (await options.lookupWidget(widgetKey));
      if (!known) return pageResponse(renderUnknownWidgetPage(), { status: 404 });
      return pageResponse(renderDemoPage(widgetKey, new URL(req.url).origin), { framable: true });
    }),
  };
}

/** A lazy value computed once; a failure is forgotten so the next call tries again. */
function once<T extends BuiltPage | Asset>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= make().catch((error) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}
