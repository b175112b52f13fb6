/**
 * Messages kefu sends to WeChat users on its own initiative, through the customer-service
 * API: answers that missed the passive-reply window, and later agent replies.
 */
import type { WechatApiClient } from './api-client.ts';
import type { LateReply } from './callback.ts';
import type { ReplyDecision } from './reply.ts';

/** The part of `WechatApiClient` outbound needs (a fake in tests). */
export type WechatSender = Pick<WechatApiClient, 'sendText'>;

/**
 * Sends a decision to a user: a text for `reply`, nothing for `none`.
 * @returns whether a message was sent
 * @throws WechatApiError when WeChat refused it or every retry failed
 */
export async function sendWechatReply(
  sender: WechatSender,
  openid: string,
  decision: ReplyDecision,
): Promise<boolean> {
  if (decision.kind === 'none') return false;
  await sendWechatText(sender, openid, decision.text);
  return true;
}

/** Sends a text to a user (an agent's message, a notification). */
export async function sendWechatText(
  sender: WechatSender,
  openid: string,
  text: string,
): Promise<void> {
  await sender.sendText(openid, text);
}

/**
 * Waits for the engine's late decision on a callback answered `success`, then sends it.
 * @example
 * const res = await handleWechatCallback(req, channel, deps);
 * if (res.late) deliverLateReply(res.late, client).catch((e) => log.error(e, 'late reply lost'));
 * @throws the engine's error, or a WechatApiError
 */
export async function deliverLateReply(late: LateReply, sender: WechatSender): Promise<boolean> {
  return sendWechatReply(sender, late.openid, await late.decision);
}
