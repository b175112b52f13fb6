/**
 * Replies to email customers: every agent, bot or system message in a conversation whose
 * customer last wrote by email goes out by SMTP (the tenant's mailbox settings), through
 * the outbox — durable, retried, in order per conversation. Each reply gets its own
 * `Message-ID` (recorded, so the customer's answer threads back) and `In-Reply-To` /
 * `References` headers, so the customer's mail client shows one thread.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Engine, Session } from '../../engine/index.ts';
import type { Logger } from '../../log.ts';
import type { AttemptResult, Outbox } from '../../outbox/index.ts';
import {
  type Delivery,
  insertChannelRefs,
  listChannelRefs,
  type Message,
  type Store,
} from '../../store/index.ts';
import type { ChannelAccounts, EmailAccount } from '../accounts.ts';
import { EMAIL_CHANNEL } from './inbound.ts';

/** How many earlier Message-IDs a reply's `References` lists. */
const MAX_REFERENCES = 20;

export interface EmailOutboundOptions {
  engine: Engine;
  accounts: ChannelAccounts;
  outbox: Outbox;
  store: Store;
  log: Logger;
  timeoutMs: number;
}

interface EmailPayload {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
}

export class EmailOutbound {
  private readonly transports = new Map<string, { transport: Transporter; updatedAt: number }>();
  /** Per conversation: replies are queued one after another, in seq order. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly options: EmailOutboundOptions) {
    options.engine.ctx.events.on('message.created', ({ message, session }) => {
      if (message.channel !== EMAIL_CHANNEL || message.authorKind === 'customer') return;
      this.chain(session.id, () => this.queue(message, session));
    });
    options.outbox.handle('email', (row, signal) => this.send(row, signal));
  }

  private chain(key: string, step: () => Promise<void>): void {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous
      .then(step)
      .catch((error) =>
        this.options.log.error({ err: error, conversationId: key }, 'email: reply not queued'),
      )
      .finally(() => {
        if (this.chains.get(key) === next) this.chains.delete(key);
      });
    this.chains.set(key, next);
  }

  private async queue(message: Message, session: Session): Promise<void> {
    const { accounts, store, outbox, log } = this.options;
    const account = await accounts.email(session.tenantId);
    const route = session.replyTo;
    if (!account || !route?.address) {
      log.warn({ conversationId: session.id }, 'email: no mailbox or address to reply to');
      return;
    }
    const domain = account.fromAddress.split('@')[1];
    const messageId = `<${message.id}@${domain}>`;
    const earlier = await store.read((c) =>
      listChannelRefs(c, session.tenantId, session.id, EMAIL_CHANNEL, MAX_REFERENCES),
    );
    const payload: EmailPayload = {
      to: route.address,
      subject: replySubject(route.subject),
      text: message.text,
      messageId,
      inReplyTo: route.thread ?? null,
      references: earlier.map((r) => r.externalId).filter((id) => id.startsWith('<')),
    };
    await store.tx((c) =>
      insertChannelRefs(c, [
        {
          id: Bun.randomUUIDv7(),
          tenantId: session.tenantId,
          channel: EMAIL_CHANNEL,
          externalId: messageId,
          conversationId: session.id,
          messageId: message.id,
          createdAt: Date.now(),
        },
      ]),
    );
    await outbox.enqueue([
      {
        tenantId: session.tenantId,
        kind: 'email',
        targetId: account.id,
        event: 'message.created',
        eventId: message.id,
        orderingKey: session.id,
        payload: JSON.stringify(payload),
      },
    ]);
  }

  /** The outbox sender for `email` deliveries. */
  private async send(row: Delivery, signal: AbortSignal): Promise<AttemptResult> {
    const account = await this.options.accounts.email(row.tenantId);
    if (!account || account.id !== row.targetId)
      return { ok: false, retryable: false, error: 'email channel deleted' };
    const mail = JSON.parse(row.payload) as EmailPayload;
    if (signal.aborted) return { ok: false, retryable: true, error: 'aborted' };
    try {
      await this.transport(account).sendMail({
        from: account.fromName
          ? { name: account.fromName, address: account.fromAddress }
          : account.fromAddress,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
        ...(mail.references.length > 0 ? { references: mail.references } : {}),
      });
      return { ok: true };
    } catch (error) {
      const responseCode = (error as { responseCode?: number }).responseCode;
      // 5xx: the server refused for good (unknown mailbox, policy); 4xx and network: retry.
      const retryable = responseCode === undefined || responseCode < 500;
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, retryable, error: `SMTP: ${message}`, status: responseCode };
    }
  }

  private transport(account: EmailAccount): Transporter {
    const cached = this.transports.get(account.id);
    if (cached && cached.updatedAt === account.updatedAt) return cached.transport;
    cached?.transport.close();
    const { host, port, secure, user, pass } = account.smtp;
    const timeout = this.options.timeoutMs;
    const transport = nodemailer.createTransport({
      host,
      port,
      secure,
      ...(user ? { auth: { user, pass } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    this.transports.set(account.id, { transport, updatedAt: account.updatedAt });
    return transport;
  }

  close(): void {
    for (const { transport } of this.transports.values()) transport.close();
    this.transports.clear();
  }
}

function replySubject(subject: string | undefined): string {
  const base = subject?.trim() || 'Your message';
  return /^(re|aw|回复)\s*[:：]/i.test(base) ? base : `Re: ${base}`;
}
