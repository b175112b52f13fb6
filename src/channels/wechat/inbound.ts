/**
 * WeChat → the engine. A callback for a configured account is authenticated and parsed
 * by the protocol layer (`handleWechatCallback`); each message then enters the pipeline
 * like any other: the customer found (or created) by openid, the text stored through
 * `engine.sendAsCustomer` with a `clientMsgId` derived from WeChat's dedupe key — so a
 * WeChat retry, even after a restart, is stored once.
 *
 * The answer: what the engine replied while the callback was open (the bot, within the
 * budget) goes back passively; anything later goes through the customer-service API.
 */
import { createHash } from 'node:crypto';
import type { Customers } from '../../customers/index.ts';
import type { Engine } from '../../engine/index.ts';
import { KefuError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { findIdentity, type Store } from '../../store/index.ts';
import type { ChannelAccounts, WechatAccount } from '../accounts.ts';
import {
  handleWechatCallback,
  MemoryReplayCache,
  type ReplayCache,
  type ReplyDecision,
  toText,
  type WechatCallbackRequest,
  type WechatCallbackResponse,
  type WechatEvent,
  type WechatMessage,
} from './index.ts';
import { splitForWechat, type WechatOutbound } from './outbound.ts';

export const WECHAT_CHANNEL = 'wechat';

export interface WechatInboundOptions {
  engine: Engine;
  customers: Customers;
  accounts: ChannelAccounts;
  outbound: WechatOutbound;
  store: Store;
  log: Logger;
  /** Nonces and dedupe claims; a shared (Redis) cache when several nodes take callbacks. */
  cache?: ReplayCache;
  now?: () => number;
}

export class WechatInbound {
  private readonly cache: ReplayCache;
  private readonly now: () => number;
  /** Parts of an answer too long for one passive reply, sent after it through the API. */
  private readonly overflow = new WeakMap<WechatMessage, string[]>();

  constructor(private readonly options: WechatInboundOptions) {
    this.cache = options.cache ?? new MemoryReplayCache({ maxEntries: 100_000 });
    this.now = options.now ?? Date.now;
  }

  /** Answers one callback request for the account `channelId` (never throws). */
  async handle(channelId: string, request: WechatCallbackRequest): Promise<WechatCallbackResponse> {
    const account = await this.options.accounts.wechat(channelId).catch(() => undefined);
    if (!account) {
      const error = new KefuError('not_found', 'no such WeChat channel');
      return { status: 404, contentType: 'application/json', body: '{"code":"not_found"}', error };
    }
    const response = await handleWechatCallback(request, account.channel, {
      now: this.now,
      nonceCache: this.cache,
      dedupeCache: this.cache,
      onMessage: (message) => this.receive(account, message),
    });
    if (response.late) {
      const { message, decision } = response.late;
      decision
        .then((late) => {
          const rest = this.takeOverflow(message);
          if (late.kind === 'reply') void this.replyLater(account, message, [late.text, ...rest]);
        })
        .catch((error) =>
          this.options.log.warn({ err: error, channelId }, 'wechat: late message failed'),
        );
    } else if (response.message) {
      const rest = this.takeOverflow(response.message);
      if (rest.length > 0) void this.replyLater(account, response.message, rest);
    }
    if (response.status >= 500)
      this.options.log.error({ err: response.error, channelId }, 'wechat: callback failed');
    return response;
  }

  /** One authentic message: into the engine; returns what to answer passively. */
  private async receive(account: WechatAccount, message: WechatMessage): Promise<ReplyDecision> {
    if (message.type === 'event') return this.onEvent(account, message);
    if (message.type === 'unsupported') return { kind: 'none' };
    const { engine, customers, outbound } = this.options;
    const tenantId = account.tenantId;
    const openid = message.fromUserName;
    const customerId = await customers.forIdentity(tenantId, WECHAT_CHANNEL, openid);
    const principal = { kind: 'customer' as const, tenantId, customerId, channel: WECHAT_CHANNEL };
    const session = await engine.customerSession(tenantId, customerId, WECHAT_CHANNEL);
    const window = outbound.openWindow(session.id);
    let failed = false;
    try {
      await engine.sendAsCustomer(principal, session, {
        clientMsgId: clientMsgIdOf(message.dedupeKey),
        text: toText(message).slice(0, engine.ctx.limits.maxTextChars),
        replyTo: { account: account.id, address: openid },
      });
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      const texts = outbound.closeWindow(window);
      // Replies captured before a failure are owed all the same.
      if (failed && texts.length > 0) {
        const route = { account: account.id, address: openid };
        outbound.sendLater(tenantId, session.id, route, texts);
      }
    }
    // One passive reply carries one part; the rest follows through the API (`handle`).
    if (window.texts.length === 0) return { kind: 'none' };
    const [first, ...rest] = splitForWechat(window.texts.join('\n\n'));
    if (rest.length > 0) this.overflow.set(message, rest);
    return { kind: 'reply', text: first! };
  }

  private takeOverflow(message: WechatMessage): string[] {
    const rest = this.overflow.get(message) ?? [];
    this.overflow.delete(message);
    return rest;
  }

  /** Replies that could not go passively: through the customer-service API, in order. */
  private async replyLater(account: WechatAccount, message: WechatMessage, texts: string[]) {
    const route = { account: account.id, address: message.fromUserName };
    const customerId = await this.options.customers.forIdentity(
      account.tenantId,
      WECHAT_CHANNEL,
      message.fromUserName,
    );
    const session = await this.options.engine.customerSession(
      account.tenantId,
      customerId,
      WECHAT_CHANNEL,
    );
    this.options.outbound.sendLater(account.tenantId, session.id, route, texts);
  }

  /**
   * Follows are acknowledged (with the account's welcome text, if any); unfollows and
   * menu clicks become notes in the customer's open conversation; the rest is acknowledged.
   */
  private async onEvent(account: WechatAccount, event: WechatEvent): Promise<ReplyDecision> {
    const { engine, customers, store } = this.options;
    const tenantId = account.tenantId;
    const openid = event.fromUserName;
    if (event.event === 'subscribe') {
      await customers.forIdentity(tenantId, WECHAT_CHANNEL, openid);
      return account.welcomeText ? { kind: 'reply', text: account.welcomeText } : { kind: 'none' };
    }
    if (event.event !== 'unsubscribe' && event.event !== 'CLICK') return { kind: 'none' };
    const identity = await store.read((c) => findIdentity(c, tenantId, WECHAT_CHANNEL, openid));
    if (!identity) return { kind: 'none' };
    const session = await engine.customerSession(tenantId, identity.customerId, WECHAT_CHANNEL);
    const note =
      event.event === 'unsubscribe'
        ? '[WeChat] The customer unfollowed the account: replies can no longer reach them there.'
        : `[WeChat] Menu click: ${event.eventKey}`;
    await engine.postNote(session, note);
    return { kind: 'none' };
  }
}

/** A stable `clientMsgId` for a WeChat message: retries of it are stored once. */
export function clientMsgIdOf(dedupeKey: string): string {
  const plain = `wx:${dedupeKey}`;
  if (plain.length <= 64 && /^[A-Za-z0-9_.:-]+$/.test(plain)) return plain;
  return `wx:h:${createHash('sha256').update(dedupeKey).digest('base64url').slice(0, 40)}`;
}
