/**
 * Security headers on every API answer (JSON, errors, the docs, refused upgrades), as the
 * web pages have them (src/web/respond.ts): nothing sniffed, framed or referred. A header
 * a route set itself is kept.
 */

/** JSON is never a document: it loads nothing and runs nothing, framed or not. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** The docs page (Swagger UI) runs its own inline script: only framing is refused. */
const HTML_CSP = "frame-ancestors 'none'";

export const API_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

/** Adds the security headers `response` lacks, and returns it. */
export function withSecurityHeaders(response: Response): Response {
  const html = (response.headers.get('content-type') ?? '').startsWith('text/html');
  const wanted: Record<string, string> = {
    ...API_SECURITY_HEADERS,
    'content-security-policy': html ? HTML_CSP : API_CSP,
  };
  try {
    for (const [name, value] of Object.entries(wanted)) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    }
    return response;
  } catch {
    // Immutable headers (a proxied response): answer with a copy.
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(wanted)) {
      if (!headers.has(name)) headers.set(name, value);
    }
    return new Response(response.body, { status: response.status, headers });
  }
}
