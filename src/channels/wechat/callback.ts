/**
 * The WeChat callback endpoint, framework-free: URL verification (GET) and messages
 * (POST) in, a status and body out. The HTTP route only decodes the request, calls
 * `handleWechatCallback`, writes the response and hands `late` to `deliverLateReply`.
 */
import { KefuError, toErrorBody } from '../../errors.ts';
import { authenticateCallback, type WechatCallbackRequest } from './authenticate.ts';
import {
  rememberMsFor,
  resolveWechatChannel,
  type WechatChannel,
  type WechatChannelConfig,
} from './channel.ts';
import type { WechatMessage } from './message.ts';
import { parseWechatMessage } from './parse-message.ts';
import { refuseReplay } from './refuse-replay.ts';
import type { ReplayCache } from './replay-cache.ts';
import { type ReplyDecision, renderPassiveReply } from './reply.ts';
import { replyOnce } from './reply-once.ts';
import { signatureMatches, signCallback } from './signature.ts';

export interface WechatCallbackDeps {
  /** Epoch ms. */
  now(): number;
  /** Seen `timestamp+nonce` pairs; may be the same store as `dedupeCache` (keys differ). */
  nonceCache: ReplayCache;
  /** Claims and results per message `dedupeKey`. */
  dedupeCache: ReplayCache;
  /** The engine: persist, decide, and say what to answer. Called once per message. */
  onMessage(message: WechatMessage): Promise<ReplyDecision>;
}

/** An answer the engine owes a customer after the passive-reply window closed. */
export interface LateReply {
  /** Who to send it to with the customer-service API. */
  openid: string;
  message: WechatMessage;
  decision: Promise<ReplyDecision>;
}

export interface WechatCallbackResponse {
  status: number;
  contentType: string;
  body: string;
  /** The message, when the request was authentic and parsed (for logs). */
  message?: WechatMessage;
  /** Set when `onMessage` missed the window: send its reply via `deliverLateReply`. */
  late?: LateReply;
  /** Why the request was refused or failed (status ≥ 400), for the caller's log. */
  error?: unknown;
}

/**
 * Handles one callback request for one account. Never throws: refusals carry a status
 * (WeChat only tells 200 from the rest) and nothing is processed.
 */
export async function handleWechatCallback(
  request: WechatCallbackRequest,
  config: WechatChannelConfig,
  deps: WechatCallbackDeps,
): Promise<WechatCallbackResponse> {
  let channel: WechatChannel;
  try {
    channel = resolveWechatChannel(config);
  } catch (cause) {
    return refusal(new KefuError('internal', 'WeChat channel misconfigured', { cause }));
  }
  try {
    if (request.method === 'GET') return verifyUrl(request.query, channel);
    if (request.method === 'POST') return await receiveMessage(request, channel, deps);
    throw new KefuError('bad_request', 'only GET and POST', { status: 405 });
  } catch (error) {
    return refusal(error);
  }
}

/** GET: echo `echostr` when `signature` matches (in every mode, safe included). */
function verifyUrl(query: URLSearchParams, channel: WechatChannel): WechatCallbackResponse {
  const echostr = query.get('echostr') ?? '';
  const expected = signCallback(
    channel.token,
    query.get('timestamp') ?? '',
    query.get('nonce') ?? '',
  );
  if (!signatureMatches(query.get('signature'), expected)) {
    throw new KefuError('invalid_signature', 'signature does not match');
  }
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(echostr)) throw new KefuError('bad_request', 'bad echostr');
  return text(200, echostr);
}

async function receiveMessage(
  request: WechatCallbackRequest,
  channel: WechatChannel,
  deps: WechatCallbackDeps,
): Promise<WechatCallbackResponse> {
  const callback = authenticateCallback(request, channel, deps.now());
  const rememberMs = rememberMsFor(channel);
  await refuseReplay(deps.nonceCache, channel.appId, callback, request.body, rememberMs);
  const message = parseWechatMessage(callback.fields);
  const answer = (decision: ReplyDecision, extra: Partial<WechatCallbackResponse> = {}) => ({
    status: 200,
    ...renderPassiveReply(decision, message, channel, callback.encrypted, deps.now()),
    message,
    ...extra,
  });

  if (message.type === 'unsupported') {
    // An unknown event (a template sent, a card used…) needs no answer; an unknown message
    // type from the customer gets a polite one. The engine is not bothered with either.
    if (message.msgType === 'event') return answer({ kind: 'none' });
    return answer({ kind: 'reply', text: channel.unsupportedReply });
  }
  const outcome = await replyOnce({
    cache: deps.dedupeCache,
    key: `wechat:${channel.appId}:msg:${message.dedupeKey}`,
    budgetMs: channel.replyBudgetMs,
    rememberMs,
    run: () => deps.onMessage(message),
  });
  switch (outcome.kind) {
    case 'decided':
      return answer(outcome.decision);
    case 'busy':
      return answer({ kind: 'none' });
    case 'late': {
      const late = outcome.decision && {
        openid: message.fromUserName,
        message,
        decision: outcome.decision,
      };
      return answer({ kind: 'none' }, late ? { late } : {});
    }
    case 'failed':
      // Not 200, so WeChat retries and the retry runs the engine again.
      return { ...refusal(outcome.error), message };
  }
}

function refusal(error: unknown): WechatCallbackResponse {
  const { status, body } = toErrorBody(error);
  return { status, contentType: 'application/json', body: JSON.stringify(body), error };
}

function text(status: number, body: string): WechatCallbackResponse {
  return { status, contentType: 'text/plain; charset=utf-8', body };
}
