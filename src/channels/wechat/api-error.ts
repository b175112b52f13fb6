/**
 * The typed failure of a WeChat API call, carrying what WeChat said (errcode, HTTP
 * status) and how often it was tried. Its message and cause never hold the URL: it
 * carries the appsecret or the access_token.
 */
import { KefuError } from '../../errors.ts';

/** errcodes that mean "get a new access_token": invalid credential, expired, invalid. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);
/** errcode -1: "system busy, try again". */
export const BUSY_ERRCODE = -1;

export interface WechatApiErrorDetails {
  /** `/cgi-bin/…` path of the call. */
  endpoint: string;
  errcode?: number;
  httpStatus?: number;
  retryable: boolean;
  cause?: unknown;
}

/** A WeChat API call that failed; `code` is `upstream_failed` (502). */
export class WechatApiError extends KefuError {
  readonly endpoint: string;
  readonly errcode: number | undefined;
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;

  constructor(reason: string, details: WechatApiErrorDetails) {
    super('upstream_failed', `WeChat API ${details.endpoint} failed: ${reason}`, {
      cause: details.cause,
    });
    this.name = 'WechatApiError';
    this.endpoint = details.endpoint;
    this.errcode = details.errcode;
    this.httpStatus = details.httpStatus;
    this.retryable = details.retryable;
  }
}

/** Describes a fetch failure by name and code only: Bun's errors may quote the URL. */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} (${code})` : error.name;
}
