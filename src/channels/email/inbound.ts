/**
 * Email → the engine. A mail relay POSTs each raw message (`message/rfc822`); the sender's
 * address is the customer's identity, `In-Reply-To`/`References` thread the mail onto the
 * conversation it answers, and the text enters through `engine.sendAsCustomer` with a
 * `clientMsgId` from the `Message-ID`, so a relay's retry is stored once.
 */
import { createHash } from 'node:crypto';
import type { Customers } from '../../customers/index.ts';
import type { Engine, Session } from '../../engine/index.ts';
import { findChannelRef, getMessage, insertChannelRefs, type Store } from '../../store/index.ts';
import {
  type AttachmentInfo,
  type EmailLimits,
  type ParsedEmail,
  parseEmail,
  refKeyOf,
} from './parse.ts';

export const EMAIL_CHANNEL = 'email';

export interface EmailReceived {
  conversationId: string;
  messageId: string;
  seq: number;
  duplicate: boolean;
}

export interface EmailInboundOptions {
  engine: Engine;
  customers: Customers;
  store: Store;
  limits: EmailLimits;
}

export class EmailInbound {
  constructor(private readonly options: EmailInboundOptions) {}

  async receive(tenantId: string, raw: Buffer): Promise<EmailReceived> {
    const { engine, customers, store } = this.options;
    const mail = await parseEmail(raw, this.options.limits);
    const mailKey = refKeyOf(mail.messageId);
    const seen = await store.read((c) => findChannelRef(c, tenantId, EMAIL_CHANNEL, [mailKey]));
    if (seen?.messageId) {
      const stored = await store.read((c) => getMessage(c, tenantId, seen.messageId!));
      if (stored) {
        return {
          conversationId: stored.conversationId,
          messageId: stored.id,
          seq: stored.seq,
          duplicate: true,
        };
      }
    }
    const address = mail.from.address;
    const customerId = await customers.forIdentity(tenantId, EMAIL_CHANNEL, address, {
      name: mail.from.name,
      email: address,
    });
    const principal = { kind: 'customer' as const, tenantId, customerId, channel: EMAIL_CHANNEL };
    const session =
      (await this.thread(principal, mail)) ??
      (await engine.customerSession(tenantId, customerId, EMAIL_CHANNEL));
    const { message, duplicate } = await engine.sendAsCustomer(principal, session, {
      clientMsgId: `em:${createHash('sha256').update(mail.messageId).digest('base64url').slice(0, 40)}`,
      text: compose(mail, session, engine.ctx.limits.maxTextChars),
      replyTo: { address, thread: mail.messageId, subject: mail.subject.slice(0, 300) },
    });
    await store.tx((c) =>
      insertChannelRefs(c, [
        {
          id: Bun.randomUUIDv7(),
          tenantId,
          channel: EMAIL_CHANNEL,
          externalId: mailKey,
          conversationId: message.conversationId,
          messageId: message.id,
          createdAt: Date.now(),
        },
      ]),
    );
    return {
      conversationId: message.conversationId,
      messageId: message.id,
      seq: message.seq,
      duplicate,
    };
  }

  /** The open conversation of this customer the mail answers, if any. */
  private async thread(
    principal: { kind: 'customer'; tenantId: string; customerId: string; channel: string },
    mail: ParsedEmail,
  ): Promise<Session | undefined> {
    const { engine, store } = this.options;
    const ref = await store.read((c) =>
      findChannelRef(c, principal.tenantId, EMAIL_CHANNEL, mail.threadIds.map(refKeyOf)),
    );
    if (!ref) return undefined;
    const session = await engine.session(principal, ref.conversationId).catch(() => undefined);
    return session && session.state !== 'closed' ? session : undefined;
  }
}

/** The stored text: the subject opens a new conversation; attachments are listed. */
function compose(mail: ParsedEmail, session: Session, maxChars: number): string {
  const parts: string[] = [];
  if (!session.stored && mail.subject) parts.push(`Subject: ${mail.subject}`);
  if (mail.text) parts.push(mail.text);
  if (mail.attachments.length > 0) parts.push(attachmentLines(mail.attachments));
  const text = parts.join('\n\n') || '(empty message)';
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 20)}\n[… truncated]`;
}

function attachmentLines(attachments: AttachmentInfo[]): string {
  return attachments
    .map(
      (a) => `[attachment] ${a.filename ?? '(unnamed)'} (${a.contentType}, ${formatSize(a.size)})`,
    )
    .join('\n');
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
