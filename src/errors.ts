/**
 * Typed errors. Throw a `KefuError` with a stable `code`; `toErrorBody` is the one place
 * that turns any error into what a client sees. Unknown errors become a generic 500 and
 * never leak internals.
 */

export const ERROR_STATUS = {
  bad_request: 400,
  invalid_frame: 400,
  invalid_json: 400,
  unknown_frame: 400,
  validation_failed: 422,
  weak_password: 422,
  invalid_training_data: 422,
  invalid_model: 422,
  frame_too_large: 413,
  text_too_long: 413,
  payload_too_large: 413,
  unauthorized: 401,
  invalid_token: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  login_locked: 429,
  too_many_connections: 429,
  unavailable: 503,
  // Channel callbacks (WeChat): signed, fresh, parseable, or refused.
  invalid_signature: 401,
  stale_request: 401,
  replayed_request: 401,
  appid_mismatch: 401,
  invalid_xml: 400,
  invalid_ciphertext: 400,
  // A call to a channel's own API (WeChat customer-service API) failed for good.
  upstream_failed: 502,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class KefuError extends Error {
  readonly status: number;
  /** Seconds a client should wait before trying again (sent as `Retry-After`). */
  readonly retryAfterSec: number | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number; retryAfterSec?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KefuError';
    this.status = options?.status ?? ERROR_STATUS[code];
    this.retryAfterSec = options?.retryAfterSec;
  }
}

/** Over a rate or a cap: 429, and `retry-after` tells when to try again (whole seconds). */
export class RateLimitedError extends KefuError {
  constructor(
    message: string,
    retryAfterMs: number,
    code: 'rate_limited' | 'too_many_connections' = 'rate_limited',
  ) {
    super(code, message, { retryAfterSec: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
  }
}

export const badRequest = (message: string) => new KefuError('bad_request', message);
export const notFound = (what: string) => new KefuError('not_found', `${what} not found`);
export const forbidden = (message = 'not allowed') => new KefuError('forbidden', message);
export const unauthorized = (message = 'authentication required') =>
  new KefuError('unauthorized', message);

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

/** Maps any thrown value to a client-safe body and status. */
export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof KefuError) {
    return { status: error.status, body: { code: error.code, message: error.message } };
  }
  return { status: 500, body: { code: 'internal', message: 'internal error' } };
}

/** The HTTP answer for any error: `{"error":{code,message}}`, with `retry-after` on 429s. */
export function errorResponse(error: unknown): Response {
  const { status, body } = toErrorBody(error);
  const retryAfter = error instanceof KefuError ? error.retryAfterSec : undefined;
  const headers: Record<string, string> =
    retryAfter === undefined ? {} : { 'retry-after': String(Math.max(1, Math.ceil(retryAfter))) };
  return Response.json({ error: body }, { status, headers });
}
