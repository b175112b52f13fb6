/**
 * Replies to WeChat customers. While a callback is being answered, the conversation has a
 * passive-reply window open: replies made meanwhile (the bot's answer, usually) are
 * captured and answered in the HTTP response. Every other reply — an agent's, a bot's that
 * missed the 5-second budget — goes through the customer-service message API, via the
 * outbox (durable, retried, in order per conversation). Each reply goes out exactly one
 * of these two ways; customer messages never go back out.
 */
import type { Engine, Session } from '../../engine/index.ts';
import type { Logger } from '../../log.ts';
import type { AttemptResult, Outbox } from '../../outbox/index.ts';
import type { Delivery, Message, ReplyRouteJson } from '../../store/index.ts';
import type { ChannelAccounts } from '../accounts.ts';
import { WechatApiClient } from './api-client.ts';
import { WechatApiError } from './api-error.ts';

/** WeChat refuses long texts (2048 bytes): one message per part, ≤ 600 characters each. */
const MAX_PART_CHARS = 600;

export interface PassiveWindow {
  conversationId: string;
  texts: string[];
}

export interface WechatOutboundOptions {
  engine: Engine;
  accounts: ChannelAccounts;
  outbox: Outbox;
  log: Logger;
  /** `KEFU_WECHAT_API_BASE_URL`; an account's own `apiBaseUrl` wins. */
  apiBaseUrl?: string;
  timeoutMs: number;
}

export class WechatOutbound {
  private readonly windows = new Map<string, PassiveWindow[]>();
  private readonly clients = new Map<string, { client: WechatApiClient; updatedAt: number }>();

  constructor(private readonly options: WechatOutboundOptions) {
    options.engine.ctx.events.on('message.created', ({ message, session }) =>
      this.onMessage(message, session),
    );
    options.outbox.handle('wechat', (row, signal) => this.send(row, signal));
  }

  /** Opens a passive-reply window on a conversation: replies are captured until it closes. */
  openWindow(conversationId: string): PassiveWindow {
    const window = { conversationId, texts: [] };
    const list = this.windows.get(conversationId) ?? [];
    list.push(window);
    this.windows.set(conversationId, list);
    return window;
  }

  /** Closes a window; returns what it captured (to answer passively, or `sendLater`). */
  closeWindow(window: PassiveWindow): string[] {
    const list = this.windows.get(window.conversationId) ?? [];
    const rest = list.filter((w) => w !== window);
    if (rest.length > 0) this.windows.set(window.conversationId, rest);
    else this.windows.delete(window.conversationId);
    return window.texts;
  }

  /** Queues texts for the customer-service API, in order. */
  sendLater(
    tenantId: string,
    conversationId: string,
    route: ReplyRouteJson | null,
    texts: string[],
    eventId: string = Bun.randomUUIDv7(),
  ): void {
    if (!route?.account || !route.address) {
      this.options.log.warn({ conversationId }, 'wechat: no account or openid to reply to');
      return;
    }
    const parts = texts.flatMap((text) => splitForWechat(text));
    void this.options.outbox.enqueue(
      parts.map((text) => ({
        tenantId,
        kind: 'wechat',
        targetId: route.account!,
        event: 'message.created',
        eventId,
        orderingKey: conversationId,
        payload: JSON.stringify({ openid: route.address, text }),
      })),
    );
  }

  private onMessage(message: Message, session: Session): void {
    if (message.channel !== 'wechat' || message.authorKind === 'customer') return;
    const window = this.windows.get(session.id)?.[0];
    if (window) {
      window.texts.push(message.text);
      return;
    }
    this.sendLater(session.tenantId, session.id, session.replyTo, [message.text], message.id);
  }

  /** The outbox sender for `wechat` deliveries. */
  private async send(row: Delivery, signal: AbortSignal): Promise<AttemptResult> {
    const account = row.targetId ? await this.options.accounts.wechat(row.targetId) : undefined;
    if (!account || account.tenantId !== row.tenantId)
      return { ok: false, retryable: false, error: 'WeChat channel deleted' };
    const { openid, text } = JSON.parse(row.payload) as { openid: string; text: string };
    if (signal.aborted) return { ok: false, retryable: true, error: 'aborted' };
    try {
      await this.client(account).sendText(openid, text);
      return { ok: true };
    } catch (error) {
      if (error instanceof WechatApiError) {
        return {
          ok: false,
          retryable: error.retryable,
          error: error.message,
          status: error.httpStatus,
        };
      }
      throw error;
    }
  }

  private client(account: {
    id: string;
    updatedAt: number;
    channel: { appId: string };
    appSecret: string;
    apiBaseUrl?: string;
  }): WechatApiClient {
    const cached = this.clients.get(account.id);
    if (cached && cached.updatedAt === account.updatedAt) return cached.client;
    const client = new WechatApiClient({
      appId: account.channel.appId,
      appSecret: account.appSecret,
      baseUrl: account.apiBaseUrl ?? this.options.apiBaseUrl,
      // The outbox retries with its own backoff; the client still refreshes stale tokens.
      maxAttempts: 2,
      requestTimeoutMs: this.options.timeoutMs,
    });
    this.clients.set(account.id, { client, updatedAt: account.updatedAt });
    return client;
  }
}

/** Splits a long text at line breaks (or hard) into parts WeChat accepts. */
export function splitForWechat(text: string, max = MAX_PART_CHARS): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf('\n', max);
    const at = cut > max / 2 ? cut : max;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}
