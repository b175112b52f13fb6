/** HTTP responses for the web apps: pages with a CSP, cached assets with ETag and gzip. */
import type { Asset } from './bundle.ts';

/**
 * What kefu's own pages may load: only themselves, WebSockets anywhere, inline styles
 * (Preact sets `style` attributes; the widget styles its Shadow DOM) and data: images.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; " +
  "style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'self'";

/** Hashed file names never change content: cache for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The widget's URL is fixed (it is in customers' pages): cache briefly, then revalidate. */
export const SHORT_CACHE = 'public, max-age=300, stale-while-revalidate=86400';

/** An HTML page: never cached without revalidation, with the CSP and friends. */
export function pageResponse(
  html: string,
  options: { status?: number; framable?: boolean } = {},
): Response {
  const csp = CONTENT_SECURITY_POLICY + (options.framable ? '' : "; frame-ancestors 'none'");
  return new Response(html, {
    status: options.status ?? 200,
    headers: {
      'content-type': 'text/html;charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    },
  });
}

/** A bundled file: 304 when the client has it, gzip when the client takes it. */
export function assetResponse(req: Request, asset: Asset, cacheControl: string): Response {
  const headers: Record<string, string> = {
    'content-type': asset.contentType,
    'cache-control': cacheControl,
    etag: asset.etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  if (req.headers.get('if-none-match') === asset.etag) {
    return new Response(null, { status: 304, headers });
  }
  if (asset.gzip && /\bgzip\b/.test(req.headers.get('accept-encoding') ?? '')) {
    headers['content-encoding'] = 'gzip';
    return new Response(asset.gzip, { headers });
  }
  return new Response(asset.body, { headers });
}

export function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'content-type': 'text/plain;charset=utf-8', 'cache-control': 'no-cache' },
  });
}

export function methodNotAllowed(): Response {
  return new Response('Method not allowed', {
    status: 405,
    headers: { allow: 'GET, HEAD', 'content-type': 'text/plain;charset=utf-8' },
  });
}
