/**
 * Peers for channel tests: a bot that answers at once (or slowly), a local webhook
 * receiver, a local SMTP server that keeps what it receives, raw emails, and polling.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Bot } from '../../src/engine/index.ts';

/**
 * Answers `Bot: <text>` at once; texts containing `slow` are answered after 800 ms;
 * `human` is routed to people by the default rules before the bot is asked.
 */
export const testBot: Bot = {
  async reply(input) {
    if (input.text.includes('slow')) await Bun.sleep(800);
    return { kind: 'answer', text: `Bot: ${input.text}`, intent: null, source: 'faq' };
  },
};

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}

export interface ReceivedRequest {
  headers: Headers;
  body: string;
  at: number;
  /** Aborts when the client gives up on the request. */
  signal: AbortSignal;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  /** How to answer the next requests (default 200). */
  respond: (request: ReceivedRequest) => Response | Promise<Response>;
  stop(): Promise<void>;
}

export function startWebhookReceiver(path = '/hook'): WebhookReceiver {
  const self: WebhookReceiver = {
    url: '',
    received: [],
    respond: () => new Response('ok'),
    async stop() {
      await server.stop(true);
    },
  };
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    idleTimeout: 60,
    async fetch(request) {
      const received = {
        headers: request.headers,
        body: await request.text(),
        at: Date.now(),
        signal: request.signal,
      };
      self.received.push(received);
      return self.respond(received);
    },
  });
  self.url = `http://127.0.0.1:${server.port}${path}`;
  return self;
}

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: Awaited<ReturnType<typeof simpleParser>>;
}

export interface SmtpSink {
  port: number;
  mails: ReceivedMail[];
  /** The next `count` transactions are refused with this SMTP code. */
  refuse(count: number, code: number): void;
  stop(): Promise<void>;
}

/** A local SMTP server on 127.0.0.1 (no TLS, no auth) keeping every message. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const refusals: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const code = refusals.shift();
        if (code) {
          const error = Object.assign(new Error('refused by test'), { responseCode: code });
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
          parsed: await simpleParser(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    refuse(count, code) {
      for (let i = 0; i < count; i++) refusals.push(code);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MailSpec {
  from: string;
  to?: string;
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  text?: string;
  html?: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

/** A raw RFC 822 message as a mail relay would POST it. */
export function rawEmail(spec: MailSpec): string {
  const headers = [
    `From: ${spec.from}`,
    `To: ${spec.to ?? 'support@acme.test'}`,
    `Subject: ${spec.subject ?? 'Hello'}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
  ];
  if (spec.messageId) headers.push(`Message-ID: ${spec.messageId}`);
  if (spec.inReplyTo) headers.push(`In-Reply-To: ${spec.inReplyTo}`);
  if (spec.references?.length) headers.push(`References: ${spec.references.join(' ')}`);
  const bodyPart = spec.html
    ? `Content-Type: text/html; charset=utf-8\r\n\r\n${spec.html}`
    : `Content-Type: text/plain; charset=utf-8\r\n\r\n${spec.text ?? ''}`;
  if (!spec.attachments?.length) {
    return `${headers.join('\r\n')}\r\n${bodyPart}\r\n`;
  }
  const boundary = `b${Math.random().toString(36).slice(2)}`;
  const parts = [bodyPart];
  for (const a of spec.attachments) {
    const content = a.content.toString('base64').replace(/.{76}/g, '$&\r\n');
    parts.push(
      `Content-Type: ${a.contentType}\r\nContent-Disposition: attachment; filename="${a.filename}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${content}`,
    );
  }
  return `${headers.join('\r\n')}\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${parts
    .map((p) => `--${boundary}\r\n${p}\r\n`)
    .join('')}--${boundary}--\r\n`;
}
