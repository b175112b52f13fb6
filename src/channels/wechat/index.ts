/**
 * The WeChat Official Account channel: callbacks in (`handleWechatCallback`), messages
 * out (`WechatApiClient`, `deliverLateReply`), and the pieces they are made of.
 *
 * Wiring, per account (tenant): the route stays three lines.
 * @example
 * const caches = new MemoryReplayCache(); // a Redis ReplayCache when several nodes serve
 * const client = new WechatApiClient({ appId, appSecret });
 * app.all('/wechat/:tenant', async ({ request }) => {
 *   const url = new URL(request.url);
 *   const res = await handleWechatCallback(
 *     { method: request.method, query: url.searchParams, body: await request.text() },
 *     channelConfigOf(tenant), // { appId, token, encodingAesKey, mode, … }
 *     { now: Date.now, nonceCache: caches, dedupeCache: caches, onMessage: (m) => engine(m) },
 *   );
 *   if (res.late) deliverLateReply(res.late, client).catch((e) => log.error(e));
 *   const headers = { 'content-type': res.contentType };
 *   return new Response(res.body, { status: res.status, headers });
 * });
 */
export { WechatApiClient, type WechatApiClientOptions } from './api-client.ts';
export { WechatApiError } from './api-error.ts';
export type { WechatCallbackRequest } from './authenticate.ts';
export {
  handleWechatCallback,
  type LateReply,
  type WechatCallbackDeps,
  type WechatCallbackResponse,
} from './callback.ts';
export {
  DEFAULT_UNSUPPORTED_REPLY,
  resolveWechatChannel,
  type WechatChannel,
  type WechatChannelConfig,
  WechatChannelConfigSchema,
} from './channel.ts';
export { createWechatCipher, parseEncodingAesKey, type WechatCipher } from './cipher.ts';
export { openEnvelope, sealEnvelope } from './envelope.ts';
export { type WechatEvent, type WechatMessage, WechatMessageSchema } from './message.ts';
export { parseWechatMessage } from './parse-message.ts';
export { DEFAULT_MAX_XML_BYTES, parseWechatXml, type XmlFields } from './parse-xml.ts';
export { toText } from './render-text.ts';
export {
  MemoryReplayCache,
  type MemoryReplayCacheOptions,
  type ReplayCache,
} from './replay-cache.ts';
export { buildTextReply, type ReplyDecision, SUCCESS } from './reply.ts';
export {
  deliverLateReply,
  sendWechatReply,
  sendWechatText,
  type WechatSender,
} from './send.ts';
export { signatureMatches, signCallback, signEncrypted } from './signature.ts';
