/**
 * The email channel through a running kefu: raw MIME posted by a relay, threading by
 * Message-ID / In-Reply-To / References, replies by SMTP to a local server with headers
 * that thread in the customer's mail client, and refusals. Run on SQLite and on MariaDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { rawEmail, type SmtpSink, startSmtpSink, testBot, waitFor } from '../support/channels.ts';
import type { EngineName } from '../support/databases.ts';
import { messagesOf } from '../support/history.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

type Json = Record<string, any>;

export function emailSuite(engine: EngineName) {
  describe(`email channel on ${engine}`, () => {
    let k: TestKefu;
    let smtp: SmtpSink;
    const inbound = (raw: string, apiKey = k.tenant.apiKey, type = 'message/rfc822') =>
      k.api('/api/v1/channels/email/inbound', {
        method: 'POST',
        token: apiKey,
        headers: { 'content-type': type },
        body: raw,
      });
    const mailbox = (apiKey: string, port: number) =>
      k.api('/api/v1/channels/email', {
        method: 'POST',
        token: apiKey,
        json: {
          fromAddress: 'support@acme.test',
          fromName: 'Acme Support',
          smtp: { host: '127.0.0.1', port, secure: false, pass: 'smtp-secret-pass' },
        },
      });

    // Hooks time out after 5 s whatever bunfig says; MariaDB DDL here can take longer.
    beforeAll(async () => {
      smtp = await startSmtpSink();
      k = await startTestKefu(
        engine,
        {
          KEFU_DELIVERY_BACKOFF_MS: '50',
          KEFU_DELIVERY_POLL_MS: '50',
          KEFU_EMAIL_MAX_BYTES: String(2 * 1024 * 1024),
          KEFU_EMAIL_MAX_ATTACHMENTS: '3',
          KEFU_EMAIL_MAX_ATTACHMENT_BYTES: String(1024 * 1024),
        },
        { bot: testBot },
      );
      expect((await mailbox(k.tenant.apiKey, smtp.port)).status).toBe(201);
    }, 60_000);
    afterAll(async () => {
      await k.stop();
      await smtp.stop();
    });

    it('configures the mailbox without ever showing the SMTP password', async () => {
      const again = await mailbox(k.tenant.apiKey, smtp.port);
      expect(again.status).toBe(200);
      const list = await (await k.api('/api/v1/channels', { token: k.tenant.apiKey })).text();
      expect(list).toContain('support@acme.test');
      expect(list).not.toContain('smtp-secret-pass');
      const bad = await k.api('/api/v1/channels/email', {
        method: 'POST',
        token: k.tenant.apiKey,
        json: { fromAddress: 'not-an-address', smtp: { host: 'x', port: 25, secure: false } },
      });
      expect(bad.status).toBe(422);
    });

    it('takes a mail in, replies by SMTP in the same thread, and threads the answer back', async () => {
      const agent = await k.addAgent({ capacity: 50 });
      const socket = await agent.connect();
      const first = await inbound(
        rawEmail({
          from: '"Carol Customer" <Carol@Example.com>',
          subject: 'Broken kettle, need a human',
          messageId: '<first.1@example.com>',
          text: 'My kettle stopped working. Can a human help?',
        }),
      );
      expect(first.status).toBe(201);
      const received = (await first.json()) as Json;
      expect(received).toMatchObject({ seq: 1, duplicate: false });
      const msg = await socket.nextOf('msg', (f) => f.conversationId === received.conversationId);
      expect(msg).toMatchObject({ channel: 'email', author: { kind: 'customer' } });
      expect(msg.text).toBe(
        'Subject: Broken kettle, need a human\n\nMy kettle stopped working. Can a human help?',
      );

      // The customer is known by address (lowercased), with the name from the mail.
      const customer = (await (
        await k.api(`/api/v1/customers/${msg.author.id}`, { token: k.tenant.apiKey })
      ).json()) as Json;
      expect(customer.customer).toMatchObject({
        name: 'Carol Customer',
        email: 'carol@example.com',
      });
      expect(customer.identities).toEqual([
        expect.objectContaining({ channel: 'email', externalId: 'carol@example.com' }),
      ]);

      await socket.nextOf('conversation', (f) => f.conversation.state === 'assigned');
      socket.send({
        t: 'msg',
        conversationId: received.conversationId,
        clientMsgId: 'email-reply-1',
        text: 'Sorry to hear that! We will send a new one.',
      });
      const ack = await socket.nextOf('ack');
      const mail = await waitFor(() => smtp.mails[0], 10_000, 'the reply mail');
      expect(mail.envelope.to).toEqual(['carol@example.com']);
      expect(mail.parsed.subject).toBe('Re: Broken kettle, need a human');
      expect(mail.parsed.text?.trim()).toBe('Sorry to hear that! We will send a new one.');
      expect(mail.parsed.from?.value[0]).toMatchObject({
        address: 'support@acme.test',
        name: 'Acme Support',
      });
      expect(mail.parsed.inReplyTo).toBe('<first.1@example.com>');
      expect(mail.parsed.references).toEqual('<first.1@example.com>');
      const replyId = mail.parsed.messageId!;
      expect(replyId).toBe(`<${ack.id}@acme.test>`);

      // The customer answers from their mail client: quoted history cut, same conversation.
      const answer = await inbound(
        rawEmail({
          from: 'carol@example.com',
          subject: 'Re: Broken kettle, need a human',
          messageId: '<second.2@example.com>',
          inReplyTo: replyId,
          references: ['<first.1@example.com>', replyId],
          text: `Thank you!\n\nOn Tue, 1 Jul 2025 at 10:00, Acme Support <support@acme.test> wrote:\n> Sorry to hear that! We will send a new one.\n`,
        }),
      );
      const threaded = (await answer.json()) as Json;
      expect(threaded.conversationId).toBe(received.conversationId);
      const inThread = await socket.nextOf('msg', (f) => f.seq === threaded.seq);
      expect(inThread.text).toBe('Thank you!');

      // The second reply references the whole thread.
      socket.send({
        t: 'msg',
        conversationId: received.conversationId,
        clientMsgId: 'email-reply-2',
        text: 'You are welcome.',
      });
      const second = await waitFor(() => smtp.mails[1], 10_000, 'the second reply');
      expect(second.parsed.inReplyTo).toBe('<second.2@example.com>');
      expect(second.parsed.references).toEqual([
        '<first.1@example.com>',
        replyId,
        '<second.2@example.com>',
      ]);
      socket.close();
    });

    it('stores a relay’s retry of the same mail once', async () => {
      const raw = rawEmail({
        from: 'dave@example.com',
        messageId: '<dup.1@example.com>',
        text: 'Once only',
      });
      const first = (await (await inbound(raw)).json()) as Json;
      const again = await inbound(raw);
      expect(again.status).toBe(200);
      expect((await again.json()) as Json).toEqual({ ...first, duplicate: true });
      const stored = await messagesOf(k, k.tenant.tenantId, 'email', 'dave@example.com');
      expect(stored.filter((m) => m.authorKind === 'customer')).toHaveLength(1);
    });

    it('turns HTML into text and lists attachments by name, type and size', async () => {
      const res = await inbound(
        rawEmail({
          from: 'erin@example.com',
          messageId: '<html.1@example.com>',
          html: '<html><body><p>Hello <b>team</b></p><script>alert(1)</script><p>Order&nbsp;#7 &amp; more</p></body></html>',
          attachments: [
            {
              filename: 'invoice.pdf',
              contentType: 'application/pdf',
              content: Buffer.alloc(2048, 1),
            },
            { filename: 'photo.jpg', contentType: 'image/jpeg', content: Buffer.alloc(300, 2) },
          ],
        }),
      );
      expect(res.status).toBe(201);
      const [stored] = await messagesOf(k, k.tenant.tenantId, 'email', 'erin@example.com');
      expect(stored!.text).toContain('Hello team');
      expect(stored!.text).toContain('Order #7 & more');
      expect(stored!.text).not.toContain('<');
      expect(stored!.text).not.toContain('alert');
      expect(stored!.text).toContain('[attachment] invoice.pdf (application/pdf, 2.0 KB)');
      expect(stored!.text).toContain('[attachment] photo.jpg (image/jpeg, 300 B)');
    });

    it('refuses oversized mails, attachment floods, MIME bombs and wrong content types', async () => {
      const big = rawEmail({
        from: 'mallory@example.com',
        messageId: '<big@example.com>',
        text: 'x'.repeat(3 * 1024 * 1024),
      });
      expect((await inbound(big)).status).toBe(413);
      const tooMany = rawEmail({
        from: 'mallory@example.com',
        messageId: '<many@example.com>',
        text: 'see attached',
        attachments: Array.from({ length: 4 }, (_, i) => ({
          filename: `f${i}.bin`,
          contentType: 'application/octet-stream',
          content: Buffer.alloc(10),
        })),
      });
      expect((await inbound(tooMany)).status).toBe(413);
      const heavy = rawEmail({
        from: 'mallory@example.com',
        messageId: '<heavy@example.com>',
        text: 'see attached',
        attachments: [
          {
            filename: 'a.bin',
            contentType: 'application/octet-stream',
            content: Buffer.alloc(1100 * 1024),
          },
        ],
      });
      expect((await inbound(heavy)).status).toBe(413);
      let nested = 'leaf\r\n';
      for (let i = 0; i < 500; i++) {
        nested = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${nested}\r\n--b${i}--\r\n`;
      }
      const bomb = `From: mallory@example.com\r\nSubject: bomb\r\nMessage-ID: <bomb@example.com>\r\n${nested}`;
      const bombed = await inbound(bomb);
      expect(bombed.status).toBe(413);
      expect(((await bombed.json()) as Json).error.code).toBe('payload_too_large');
      expect((await inbound('From: nobody\r\n\r\nno sender address')).status).toBe(422);
      expect(
        (await inbound(rawEmail({ from: 'a@b.co', text: 'x' }), k.tenant.apiKey, 'text/plain'))
          .status,
      ).toBe(415);
      const agent = await k.addAgent();
      expect((await inbound(rawEmail({ from: 'a@b.co', text: 'x' }), agent.token)).status).toBe(
        403,
      );

      expect(await messagesOf(k, k.tenant.tenantId, 'email', 'mallory@example.com')).toEqual([]);
      // And mail keeps flowing for everyone else.
      const fine = await inbound(
        rawEmail({ from: 'frank@example.com', messageId: '<fine@example.com>', text: 'hi' }),
      );
      expect(fine.status).toBe(201);
    });

    it('erases a customer with their mail threads and the deliveries about them', async () => {
      const agent = await k.addAgent({ capacity: 50 });
      const socket = await agent.connect();
      const res = (await (
        await inbound(
          rawEmail({
            from: 'zoe@example.com',
            messageId: '<zoe.1@example.com>',
            text: 'a human please',
          }),
        )
      ).json()) as Json;
      await socket.nextOf(
        'conversation',
        (f) => f.conversation.id === res.conversationId && f.conversation.state === 'assigned',
      );
      socket.send({
        t: 'msg',
        conversationId: res.conversationId,
        clientMsgId: 'zoe-r',
        text: 'Noted',
      });
      await waitFor(
        () => smtp.mails.find((m) => m.envelope.to[0] === 'zoe@example.com'),
        10_000,
        'the reply',
      );
      const customerId = (
        (await (
          await k.api(`/api/v1/conversations/${res.conversationId}`, { token: k.tenant.apiKey })
        ).json()) as Json
      ).conversation.customerId;
      const erased = await k.api(`/api/v1/customers/${customerId}`, {
        method: 'DELETE',
        token: k.tenant.apiKey,
      });
      expect(erased.status).toBe(200);
      const counts = ((await erased.json()) as Json).erased;
      expect(counts.channelRefs).toBe(2);
      expect(counts.deliveries).toBeGreaterThanOrEqual(1);
      expect(await messagesOf(k, k.tenant.tenantId, 'email', 'zoe@example.com')).toEqual([]);
      // Her mail again starts from nothing: the old thread is gone with her.
      const again = await inbound(
        rawEmail({
          from: 'zoe@example.com',
          messageId: '<zoe.2@example.com>',
          inReplyTo: '<zoe.1@example.com>',
          text: 'hello?',
        }),
      );
      expect(((await again.json()) as Json).conversationId).not.toBe(res.conversationId);
      socket.close();
    });

    it('retries a refusing SMTP server and dead-letters a permanent refusal', async () => {
      const agent = await k.addAgent({ capacity: 50 });
      const socket = await agent.connect();
      const res = (await (
        await inbound(
          rawEmail({
            from: 'gina@example.com',
            messageId: '<gina@example.com>',
            text: 'a human please',
          }),
        )
      ).json()) as Json;
      await socket.nextOf(
        'conversation',
        (f) => f.conversation.id === res.conversationId && f.conversation.state === 'assigned',
      );
      const before = smtp.mails.length;
      smtp.refuse(1, 451);
      socket.send({
        t: 'msg',
        conversationId: res.conversationId,
        clientMsgId: 'smtp-retry',
        text: 'After a retry',
      });
      const mail = await waitFor(
        () => smtp.mails.slice(before).find((m) => m.envelope.to[0] === 'gina@example.com'),
        10_000,
        'the retried mail',
      );
      expect(mail.parsed.text?.trim()).toBe('After a retry');

      smtp.refuse(1, 550);
      socket.send({
        t: 'msg',
        conversationId: res.conversationId,
        clientMsgId: 'smtp-dead',
        text: 'Never arrives',
      });
      const dead = await waitFor(
        async () =>
          (
            (await (
              await k.api('/api/v1/webhooks/dead-letters?kind=email', { token: k.tenant.apiKey })
            ).json()) as Json
          ).deliveries[0],
        10_000,
        'the refused mail',
      );
      expect(dead).toMatchObject({ kind: 'email', attempts: 1, lastStatus: 550 });
      expect(dead.lastError).toContain('SMTP');
      socket.close();
    });
  });
}
