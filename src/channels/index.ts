/**
 * The channels beyond the WebSocket gateway, each an adapter around the engine's one
 * pipeline: `inbound.ts` turns the channel's input into `engine.sendAsCustomer`,
 * `outbound.ts` sends the conversation's replies back out (through the outbox).
 *
 * | channel | inbound | outbound |
 * |---|---|---|
 * | wechat | callback `/wechat/:channelId` | passive reply, else customer-service API |
 * | email | `POST /api/v1/channels/email/inbound` (raw MIME) | SMTP |
 * | api | `POST /api/v1/channels/api/messages` | `message.created` webhooks |
 * | web, app | `/ws/customer`, `/ws/app` (src/gateway) | the socket |
 */
import type { Customers } from '../customers/index.ts';
import type { Engine } from '../engine/index.ts';
import type { Logger } from '../log.ts';
import type { Outbox } from '../outbox/index.ts';
import type { Store } from '../store/index.ts';
import { ChannelAccounts } from './accounts.ts';
import { ApiInbound } from './api/inbound.ts';
import { EmailInbound } from './email/inbound.ts';
import { EmailOutbound } from './email/outbound.ts';
import { WechatInbound } from './wechat/inbound.ts';
import { WechatOutbound } from './wechat/outbound.ts';

export {
  channelView,
  type EmailAccountConfig,
  type WechatAccountConfig,
} from './accounts.ts';
export type { ApiMessageInput, ApiMessageResult } from './api/inbound.ts';
export { API_CHANNEL } from './api/inbound.ts';
export { EMAIL_CHANNEL, type EmailReceived } from './email/inbound.ts';
export { stripQuoted } from './email/parse.ts';
export { clientMsgIdOf, WECHAT_CHANNEL } from './wechat/inbound.ts';

export interface ChannelsOptions {
  engine: Engine;
  customers: Customers;
  store: Store;
  outbox: Outbox;
  log: Logger;
  wechatApiBaseUrl?: string;
  deliveryTimeoutMs: number;
  email: { maxAttachments: number; maxAttachmentBytes: number };
}

export type Channels = ReturnType<typeof createChannels>;

/** Builds every channel adapter and registers their outbound senders with the outbox. */
export function createChannels(options: ChannelsOptions) {
  const { engine, customers, store, outbox, log } = options;
  const accounts = new ChannelAccounts(store, outbox);
  const wechatOut = new WechatOutbound({
    engine,
    accounts,
    outbox,
    log: log.child({ channel: 'wechat' }),
    apiBaseUrl: options.wechatApiBaseUrl,
    timeoutMs: options.deliveryTimeoutMs,
  });
  const wechat = new WechatInbound({
    engine,
    customers,
    accounts,
    outbound: wechatOut,
    store,
    log: log.child({ channel: 'wechat' }),
  });
  const emailOut = new EmailOutbound({
    engine,
    accounts,
    outbox,
    store,
    log: log.child({ channel: 'email' }),
    timeoutMs: options.deliveryTimeoutMs,
  });
  const email = new EmailInbound({ engine, customers, store, limits: options.email });
  const api = new ApiInbound({ engine, customers, store });
  return {
    accounts,
    wechat,
    email,
    api,
    close: () => emailOut.close(),
  };
}
