/**
 * Passive replies: the XML answered in the HTTP response to a callback, within WeChat's
 * 5-second window.
 */
import { buildWechatXml } from './build-xml.ts';

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
