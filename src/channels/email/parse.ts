/**
 * A raw MIME message → what the engine needs: sender, threading ids, subject, the text
 * (plain part preferred; HTML turned into text, never kept as HTML; quoted history cut),
 * and the attachments' names, types and sizes (their content is dropped).
 */
import { createHash } from 'node:crypto';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { KefuError } from '../../errors.ts';
import { htmlToText } from './html-to-text.ts';

export interface EmailLimits {
  maxAttachments: number;
  maxAttachmentBytes: number;
}

export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  size: number;
}

export interface ParsedEmail {
  from: { address: string; name: string | null };
  /** `Message-ID`, or a stand-in derived from the bytes when the mail has none. */
  messageId: string;
  /** `In-Reply-To` and `References`, nearest first. */
  threadIds: string[];
  subject: string;
  text: string;
  attachments: AttachmentInfo[];
}

/** More MIME parts than any real mail has; beyond it the parser refuses (MIME bombs). */
const MAX_MIME_NODES = 200;
const MAX_HTML_TO_PARSE = 2 * 1024 * 1024;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * @throws KefuError `payload_too_large` (too many parts or attachments, attachments too
 *   big), `validation_failed` (no usable sender), `bad_request` (not a MIME message).
 */
export async function parseEmail(raw: Buffer, limits: EmailLimits): Promise<ParsedEmail> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, {
      keepCidLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      maxHtmlLengthToParse: MAX_HTML_TO_PARSE,
      maxChildNodes: MAX_MIME_NODES,
    } as Parameters<typeof simpleParser>[1]);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EMAXLEN') {
      throw new KefuError(
        'payload_too_large',
        'the message has too many MIME parts or too large headers',
        { cause: error },
      );
    }
    throw new KefuError('bad_request', 'not a parseable MIME message', { cause: error });
  }
  const attachments = mail.attachments.map((a) => ({
    filename: a.filename ?? null,
    contentType: a.contentType,
    size: a.size,
  }));
  if (attachments.length > limits.maxAttachments) {
    throw new KefuError('payload_too_large', `more than ${limits.maxAttachments} attachments`);
  }
  const total = attachments.reduce((sum, a) => sum + a.size, 0);
  if (total > limits.maxAttachmentBytes) {
    throw new KefuError(
      'payload_too_large',
      `attachments larger than ${limits.maxAttachmentBytes} bytes in total`,
    );
  }
  const sender = firstAddress(mail.from);
  if (!sender) throw new KefuError('validation_failed', 'the message has no sender address');
  const messageId =
    mail.messageId ??
    `<${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@kefu.invalid>`;
  const inReplyTo = mail.inReplyTo ? [mail.inReplyTo] : [];
  const references =
    typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []);
  return {
    from: sender,
    messageId,
    threadIds: [...new Set([...inReplyTo, ...references.slice().reverse()])],
    subject: (mail.subject ?? '').trim(),
    text: stripQuoted(
      mail.text?.trim() ? mail.text : typeof mail.html === 'string' ? htmlToText(mail.html) : '',
    ),
    attachments,
  };
}

function firstAddress(field: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  for (const group of list) {
    for (const entry of group.value) {
      const address = entry.address?.trim().toLowerCase();
      if (address && ADDRESS.test(address) && address.length <= 191) {
        return { address, name: entry.name?.trim() || null };
      }
    }
  }
  return undefined;
}

/**
 * Cuts the quoted history a mail client appends to a reply ("On … wrote:", "-----Original
 * Message-----", a trailing block of `>` lines), so the conversation does not repeat
 * itself. A mail that is nothing but a quote is kept whole.
 */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const next = lines[i + 1]?.trim() ?? '';
    const header =
      /^On .{4,300} wrote:$/.test(line) ||
      (/^On .{4,300}/.test(line) && /^.{0,100}wrote:$/.test(next)) ||
      /^-{2,}\s*Original Message\s*-{2,}$/i.test(line) ||
      /^在.{2,200}写道[:：]$/.test(line) ||
      /^-{2,}\s*原始邮件\s*-{2,}$/.test(line);
    const quoteTail =
      line.startsWith('>') &&
      lines.slice(i).every((l) => l.trim() === '' || l.trim().startsWith('>'));
    if (header || quoteTail) {
      cut = i;
      break;
    }
  }
  const kept = lines.slice(0, cut).join('\n').trim();
  return kept || text.trim();
}

/** Message-IDs as stored in `channel_refs` (long ones hashed to fit the column). */
export function refKeyOf(messageId: string): string {
  return messageId.length <= 191
    ? messageId
    : `sha256:${createHash('sha256').update(messageId).digest('hex')}`;
}
