/**
 * Passive replies: the XML answered in the HTTP response to a callback, within WeChat's
 * 5-second window.
 */
import { buildWechatXml } from './build-xml.ts';
import type { WechatChannel } from './channel.ts';
import { createWechatCipher } from './cipher.ts';
import { sealEnvelope } from './envelope.ts';

/** Body WeChat takes as "received, nothing to say" (an empty body works too). */
export const SUCCESS = 'success';

/** What the engine decided to answer to one inbound message. */
export type ReplyDecision = { kind: 'reply'; text: string } | { kind: 'none' };

/**
 * Builds a passive text reply to `message`: addressed back to its sender, from the
 * account it was sent to.
 * @example buildTextReply({ fromUserName: 'oUser', toUserName: 'gh_1' }, 'Hi', 1700000000)
 */
export function buildTextReply(
  message: { fromUserName: string; toUserName: string },
  text: string,
  createTimeSeconds: number,
): string {
  return buildWechatXml([
    ['ToUserName', message.fromUserName],
    ['FromUserName', message.toUserName],
    ['CreateTime', Math.floor(createTimeSeconds)],
    ['MsgType', 'text'],
    ['Content', text],
  ]);
}

/**
 * The body answering a callback: `success` for `none`, else a text reply, sealed in the
 * encrypted envelope when the callback came encrypted.
 */
export function renderPassiveReply(
  decision: ReplyDecision,
  message: { fromUserName: string; toUserName: string },
  channel: WechatChannel,
  encrypted: boolean,
  nowMs: number,
): { contentType: string; body: string } {
  if (decision.kind === 'none') return { contentType: 'text/plain; charset=utf-8', body: SUCCESS };
  const seconds = Math.floor(nowMs / 1000);
  const xml = buildTextReply(message, decision.text, seconds);
  if (!encrypted) return { contentType: 'application/xml; charset=utf-8', body: xml };
  const cipher = createWechatCipher(channel.encodingAesKey ?? '', channel.appId);
  const sealed = sealEnvelope(cipher, channel.token, xml, seconds);
  return { contentType: 'application/xml; charset=utf-8', body: sealed };
}
