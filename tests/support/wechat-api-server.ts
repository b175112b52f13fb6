/**
 * A local fake of WeChat's server API, speaking the documented protocol on 127.0.0.1:
 * `GET /cgi-bin/token` (checks appid and secret, issues expiring tokens) and
 * `POST /cgi-bin/message/custom/send` (checks the token and the message, records it).
 * Tests can expire or revoke tokens and make the next calls fail (-1, HTTP 500, hang).
 */
import { randomBytes } from 'node:crypto';

export type FailureMode = 'busy' | 'http500' | 'hang';
export type Endpoint = 'token' | 'send';

export interface FakeWechatApiOptions {
  appId: string;
  appSecret: string;
  /** `expires_in` of issued tokens (default 7200). */
  tokenTtlSeconds?: number;
}

/** A customer-service message as posted. */
export interface RecordedMessage {
  touser: string;
  msgtype: string;
  text?: { content: string };
  image?: { media_id: string };
}

export interface FakeWechatApi {
  baseUrl: string;
  /** Messages accepted, in order. */
  readonly sent: RecordedMessage[];
  /** Requests received per endpoint, failed ones included. */
  readonly requests: Record<Endpoint, number>;
  /** Every token issued so far now answers 42001 (expired). */
  expireTokens(): void;
  /** Every token issued so far now answers 40001 (invalid credential). */
  revokeTokens(): void;
  /** The next `count` requests to `endpoint` fail this way. */
  fail(endpoint: Endpoint, count: number, mode: FailureMode): void;
  stop(): Promise<void>;
}

type TokenState = 'valid' | 'expired' | 'revoked';

/** Starts the fake on a free port. Stop it in `afterEach`/`afterAll`. */
export function startFakeWechatApi(options: FakeWechatApiOptions): FakeWechatApi {
  const ttl = options.tokenTtlSeconds ?? 7200;
  const tokens = new Map<string, { state: TokenState; expiresAt: number }>();
  const failures: Record<Endpoint, FailureMode[]> = { token: [], send: [] };
  const hanging: Array<() => void> = [];
  const sent: RecordedMessage[] = [];
  const requests: Record<Endpoint, number> = { token: 0, send: 0 };
  const json = (body: object) => Response.json(body);
  const error = (errcode: number, errmsg: string) => json({ errcode, errmsg });

  const injected = (endpoint: Endpoint): Promise<Response> | undefined => {
    const mode = failures[endpoint].shift();
    if (mode === 'busy') return Promise.resolve(error(-1, 'system error'));
    if (mode === 'http500')
      return Promise.resolve(new Response('Internal Server Error', { status: 500 }));
    if (mode === 'hang') {
      return new Promise((resolve) =>
        hanging.push(() => resolve(new Response('gone', { status: 503 }))),
      );
    }
    return undefined;
  };

  const issueToken = (query: URLSearchParams): Response => {
    if (query.get('grant_type') !== 'client_credential') return error(40002, 'invalid grant_type');
    if (query.get('appid') !== options.appId) return error(40013, 'invalid appid');
    if (query.get('secret') !== options.appSecret) return error(40125, 'invalid appsecret');
    const token = randomBytes(24).toString('hex');
    tokens.set(token, { state: 'valid', expiresAt: Date.now() + ttl * 1000 });
    return json({ access_token: token, expires_in: ttl });
  };

  const sendMessage = async (query: URLSearchParams, request: Request): Promise<Response> => {
    const token = query.get('access_token');
    if (!token) return error(41001, 'access_token missing');
    const state = tokens.get(token);
    if (!state || state.state === 'revoked')
      return error(40001, 'invalid credential, access_token is invalid or not latest');
    if (state.state === 'expired' || state.expiresAt <= Date.now())
      return error(42001, 'access_token expired');
    let message: RecordedMessage;
    try {
      message = (await request.json()) as RecordedMessage;
    } catch {
      return error(47001, 'data format error');
    }
    if (typeof message?.touser !== 'string' || message.touser === '')
      return error(40003, 'invalid openid');
    if (message.msgtype === 'text' && typeof message.text?.content !== 'string')
      return error(47001, 'data format error');
    if (message.msgtype === 'image' && typeof message.image?.media_id !== 'string')
      return error(40007, 'invalid media_id');
    if (message.msgtype !== 'text' && message.msgtype !== 'image')
      return error(40008, 'invalid message type');
    sent.push(message);
    return error(0, 'ok');
  };

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      if (url.pathname === '/cgi-bin/token' && request.method === 'GET') {
        requests.token++;
        return (await injected('token')) ?? issueToken(url.searchParams);
      }
      if (url.pathname === '/cgi-bin/message/custom/send' && request.method === 'POST') {
        requests.send++;
        return (await injected('send')) ?? sendMessage(url.searchParams, request);
      }
      return new Response('not found', { status: 404 });
    },
  });

  const mark = (state: TokenState) => {
    for (const entry of tokens.values()) entry.state = state;
  };
  return {
    baseUrl: `http://127.0.0.1:${server.port}`,
    sent,
    requests,
    expireTokens: () => mark('expired'),
    revokeTokens: () => mark('revoked'),
    fail(endpoint, count, mode) {
      for (let i = 0; i < count; i++) failures[endpoint].push(mode);
    },
    async stop() {
      for (const release of hanging.splice(0)) release();
      await server.stop(true);
    },
  };
}
