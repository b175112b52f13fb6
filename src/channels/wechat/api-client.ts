/**
 * Client of WeChat's server API for one Official Account: the access_token and the
 * customer-service message API (`/cgi-bin/message/custom/send`), used for answers that
 * miss the 5-second passive-reply window or are sent later by an agent.
 */
import { Type as T } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AccessTokenCache, type IssuedToken } from './access-token.ts';
import { BUSY_ERRCODE, describeNetworkError, TOKEN_ERRCODES, WechatApiError } from './api-error.ts';
import { type RetryPolicy, withRetries } from './retry.ts';

export interface WechatApiClientOptions {
  /** Default `https://api.weixin.qq.com`; tests point it at a local fake. */
  baseUrl?: string;
  appId: string;
  appSecret: string;
  /** HTTP client (default: the global `fetch`). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Tries per call, the first included (default 4). */
  maxAttempts?: number;
  /** First backoff delay, doubling per retry (default 200 ms, at most `maxDelayMs` 5 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** One HTTP request's time limit (default 10 s). */
  requestTimeoutMs?: number;
  /** Refresh the token this long before it expires (default 300 s). */
  tokenMarginSeconds?: number;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const TokenResponse = T.Object({
  access_token: T.String({ minLength: 1 }),
  expires_in: T.Integer({ minimum: 1 }),
});
const ErrorResponse = T.Object({ errcode: T.Integer(), errmsg: T.Optional(T.String()) });

/**
 * One account's API client. Retries network errors, HTTP 5xx and errcode -1 with backoff;
 * on an invalid or expired token (40001, 40014, 42001) refreshes it and tries once more.
 * A retried send whose first response was lost can reach the user twice: WeChat's API
 * has no idempotency key.
 */
export class WechatApiClient {
  private readonly baseUrl: string;
  private readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  private readonly policy: RetryPolicy;
  private readonly tokens: AccessTokenCache;

  constructor(private readonly options: WechatApiClientOptions) {
    this.baseUrl = (options.baseUrl ?? 'https://api.weixin.qq.com').replace(/\/+$/, '');
    this.fetch = options.fetch ?? fetch;
    this.policy = {
      maxAttempts: Math.max(1, options.maxAttempts ?? 4),
      baseDelayMs: options.baseDelayMs ?? 200,
      maxDelayMs: options.maxDelayMs ?? 5_000,
      random: options.random ?? Math.random,
      sleep: options.sleep ?? ((ms) => Bun.sleep(ms)),
    };
    this.tokens = new AccessTokenCache({
      fetchToken: () => withRetries(() => this.fetchToken(), this.policy),
      now: options.now ?? Date.now,
      marginSeconds: options.tokenMarginSeconds,
    });
  }

  /** A valid access_token, cached until shortly before it expires. */
  getAccessToken(): Promise<string> {
    return this.tokens.get();
  }

  /** Sends a text message to a follower (within 48 h of their last message, WeChat's rule). */
  async sendText(openid: string, content: string): Promise<void> {
    await this.send({ touser: openid, msgtype: 'text', text: { content } });
  }

  /** Sends an image uploaded beforehand as temporary or permanent media. */
  async sendImage(openid: string, mediaId: string): Promise<void> {
    await this.send({ touser: openid, msgtype: 'image', image: { media_id: mediaId } });
  }

  private async send(message: object): Promise<void> {
    const path = '/cgi-bin/message/custom/send';
    const call = (token: string) =>
      withRetries(() => this.request(path, { access_token: token }, message), this.policy);
    const token = await this.tokens.get();
    try {
      await call(token);
    } catch (error) {
      const staleToken = error instanceof WechatApiError && TOKEN_ERRCODES.has(error.errcode ?? 0);
      if (!staleToken) throw error;
      this.tokens.invalidate(token);
      await call(await this.tokens.get());
    }
  }

  private async fetchToken(): Promise<IssuedToken> {
    const { appId: appid, appSecret: secret } = this.options;
    const path = '/cgi-bin/token';
    const body = await this.request(path, { grant_type: 'client_credential', appid, secret });
    if (!Value.Check(TokenResponse, body)) {
      throw new WechatApiError('no access_token in the response', {
        endpoint: path,
        retryable: false,
      });
    }
    return { token: body.access_token, expiresInSeconds: body.expires_in };
  }

  /** One HTTP request: GET without a body, POST with JSON. Resolves only for errcode 0 or none. */
  private async request(
    path: string,
    query: Record<string, string>,
    json?: object,
  ): Promise<unknown> {
    const url = `${this.baseUrl}${path}?${new URLSearchParams(query)}`;
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(url, {
        method: json ? 'POST' : 'GET',
        headers: json ? { 'content-type': 'application/json; charset=utf-8' } : undefined,
        body: json ? JSON.stringify(json) : undefined,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (error) {
      throw new WechatApiError(describeNetworkError(error), { endpoint: path, retryable: true });
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429;
      throw new WechatApiError(`HTTP ${response.status}`, {
        endpoint: path,
        httpStatus: response.status,
        retryable,
      });
    }
    const body = parseJson(text);
    if (body === undefined) {
      throw new WechatApiError('response is not JSON', { endpoint: path, retryable: false });
    }
    if (Value.Check(ErrorResponse, body) && body.errcode !== 0) {
      const { errcode, errmsg = '' } = body;
      throw new WechatApiError(`errcode ${errcode} ${errmsg}`.trim(), {
        endpoint: path,
        errcode,
        retryable: errcode === BUSY_ERRCODE,
      });
    }
    return body;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
