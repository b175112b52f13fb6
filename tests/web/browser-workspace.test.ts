/**
 * The agent's new tools in a real Chromium against a real kefu: the customer's place in
 * line in the widget, a canned response through `/`, the customer's profile, closing with
 * a ticket and the customer's rating landing on it, transfer to a teammate, tickets with a
 * friendly conflict, presence. Screenshots (desktop and phone) go to tests/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import {
  eventually,
  hasChromium,
  openBrowser,
  screenshot,
  signIn,
  VIEWPORTS,
  watchProblems,
} from '../support/browser.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';
import { customerWrites, getJson, tenantWith } from '../support/people.ts';

const describeInBrowser = hasChromium ? describe : describe.skip;
const LONG = 150_000;

describeInBrowser('agent workspace tools in Chromium', () => {
  let k: TestKefu;
  beforeAll(async () => {
    k = await startTestKefu();
  }, 60_000);
  afterAll(async () => {
    await k?.stop();
  });

  it(
    'waits in line, answers with a canned response via /, closes into a ticket that the widget’s rating lands on',
    async () => {
      const { tenant, people } = await tenantWith(k, [{ name: 'Mei Lin', capacity: 3 }]);
      const mei = people[0]!;
      const canned = await k.api('/api/v1/canned-responses', {
        method: 'POST',
        token: tenant.apiKey,
        json: {
          shortcut: 'thanks',
          title: 'Thank and offer more help',
          body: 'Thank you for waiting! I am {{agent.name}}; anything else I can do?',
        },
      });
      expect(canned.status).toBe(201);
      await k.api('/api/v1/canned-responses', {
        method: 'POST',
        token: tenant.apiKey,
        json: { shortcut: 'refund', title: 'Refund policy', body: 'Refunds take 3–5 days.' },
      });

      const shopBrowser = await openBrowser({ viewport: VIEWPORTS.phone });
      const deskBrowser = await openBrowser({ viewport: VIEWPORTS.desktop });
      const shopProblems = watchProblems(shopBrowser.page);
      const deskProblems = watchProblems(deskBrowser.page);
      try {
        // Nobody online: the customer asks for a human and sees their place in line.
        const shop = shopBrowser.page;
        await shop.goto(`${k.url}/demo/${tenant.widgetKey}`);
        await shop.getByRole('button', { name: 'Chat with us' }).click();
        await shop.getByLabel('Your message').fill('Can I talk to a human about my order?');
        await shop.getByLabel('Your message').press('Enter');
        await shop.locator('.head .place', { hasText: 'You are next in line.' }).waitFor({
          timeout: 20_000,
        });
        await screenshot(shop, 'widget-queue-phone');

        // Mei signs in and gets it.
        const desk = deskBrowser.page;
        await signIn(desk, k.url, mei);
        await desk.getByRole('button', { name: /^Mine/ }).click();
        await desk.locator('.conversation-list .row').first().click();
        await desk.locator('.msg-text', { hasText: 'Can I talk to a human' }).waitFor();
        await shop.locator('.head p', { hasText: 'You are chatting with our team.' }).waitFor();
        expect(await shop.locator('.head .place').count()).toBe(0);

        // The profile beside the conversation: this conversation, no tickets yet.
        const profile = desk.getByRole('complementary', { name: 'Customer profile' });
        await profile.locator('.profile-list li', { hasText: 'this one' }).waitFor();

        // `/` lists the canned responses, filtered as typed; Enter puts the filled-in text.
        const reply = desk.getByLabel('Reply', { exact: true });
        await reply.fill('/');
        const picker = desk.getByRole('listbox', { name: 'Canned responses' });
        await picker.waitFor();
        expect(await picker.getByRole('option').count()).toBe(2);
        await reply.pressSequentially('tha');
        await eventually(
          'filtered',
          () => picker.getByRole('option').count(),
          (n) => n === 1,
        );
        expect(await picker.getByRole('option').first().getAttribute('aria-selected')).toBe('true');
        await screenshot(desk, 'canned-picker-desktop');
        await reply.press('Enter');
        const filled = 'Thank you for waiting! I am Mei Lin; anything else I can do?';
        await eventually(
          'filled in',
          () => reply.inputValue(),
          (v) => v === filled,
        );
        expect(await desk.getByRole('listbox').count()).toBe(0);
        await reply.press('Enter');
        await shop.locator('.item.agent .bubble', { hasText: filled }).waitFor();

        // Close: the conversation becomes a ticket, linked; the widget asks for a rating.
        await desk.getByRole('button', { name: 'Close conversation' }).click();
        await desk.getByRole('button', { name: 'Confirm close' }).click();
        const ticketLink = desk.locator('.reply-note .ticket-link');
        await eventually(
          'ticket number',
          () => ticketLink.textContent(),
          (v) => /^Ticket #\d+$/.test(v ?? ''),
        );
        await screenshot(desk, 'conversation-closed-ticket-desktop');
        const rating = shop.getByRole('group', { name: 'How did we do?' });
        await rating.waitFor({ timeout: 20_000 });
        await screenshot(shop, 'widget-csat-phone');
        await rating.getByLabel('4 – Good').check({ force: true });
        await shop.getByLabel('Anything to add? (optional)').fill('Quick and friendly');
        await shop.getByRole('button', { name: 'Send rating' }).click();
        await shop.locator('.thanks', { hasText: 'Thank you for your rating!' }).waitFor();
        await screenshot(shop, 'widget-csat-thanks-phone');

        // The rating is on the ticket: in the API and on the ticket page.
        await ticketLink.click();
        const ticketId = new URL(desk.url()).pathname.split('/').at(-1)!;
        const ticket = await eventually(
          'rated ticket',
          () => getJson(k, `/api/v1/tickets/${ticketId}`, mei.token),
          (x) => x.csat !== null,
        );
        expect(ticket.csat).toEqual({ score: 4, comment: 'Quick and friendly' });
        expect(ticket.status).toBe('solved');
        await desk.getByRole('button', { name: 'Reload' }).count(); // no conflict banner
        await desk.reload();
        await desk.locator('.csat-block[data-score="4"]').waitFor();
        expect(await desk.locator('.csat-block').textContent()).toContain('Quick and friendly');
        await screenshot(desk, 'ticket-desktop');
        expect(deskProblems).toEqual([]);
        expect(shopProblems).toEqual([]);
      } finally {
        await shopBrowser.close();
        await deskBrowser.close();
      }
    },
    LONG,
  );

  it(
    'transfers a conversation to a teammate with a reason, and works tickets (status, note, friendly conflict) and presence',
    async () => {
      const { tenant, people } = await tenantWith(k, [
        { name: 'Mei Lin', capacity: 3 },
        { name: 'Wang Wei', capacity: 3 },
      ]);
      const [mei, wang] = people as [(typeof people)[0], (typeof people)[0]];
      const browser = await openBrowser({ viewport: VIEWPORTS.desktop });
      const problems = watchProblems(browser.page);
      try {
        const desk = browser.page;
        await signIn(desk, k.url, mei);
        const chat = await customerWrites(k, tenant.widgetKey, 'I need a human for a refund');
        await desk.locator(`.row[data-conversation-id="${chat.conversationId}"]`).click();
        await desk.locator('.msg-text', { hasText: 'refund' }).waitFor();

        // Wang comes online; Mei hands the conversation over with a reason.
        const wangSocket = await wang.connect();
        await desk.getByRole('button', { name: 'Transfer' }).click();
        const dialog = desk.getByRole('dialog', { name: 'Transfer this conversation' });
        await dialog.getByLabel('Teammate', { exact: true }).waitFor();
        expect(
          await dialog.getByLabel('Teammate', { exact: true }).locator('option').allInnerTexts(),
        ).toEqual(['Wang Wei (0/3)']);
        await dialog.getByLabel('Reason (the next agent sees it)').fill('Refunds are his area');
        await screenshot(desk, 'transfer-dialog-desktop');
        await dialog.getByRole('button', { name: 'Transfer' }).click();
        await wangSocket.nextOf(
          'conversation',
          (f) =>
            f.conversation.id === chat.conversationId && f.conversation.assignedAgentId === wang.id,
          5000,
        );
        await desk.locator('.flash', { hasText: 'Transferred.' }).waitFor();
        await desk.locator('.pane .state', { hasText: 'Assigned' }).waitFor();
        const moved = (await getJson(k, `/api/v1/conversations/${chat.conversationId}`, mei.token))
          .conversation;
        expect(moved.assignedAgentId).toBe(wang.id);
        const events = (
          await getJson(k, `/api/v1/conversations/${chat.conversationId}/events`, mei.token)
        ).events as any[];
        expect(events.find((e) => e.kind === 'transferred')?.detail).toMatchObject({
          from: mei.id,
          toAgentId: wang.id,
          reason: 'Refunds are his area',
        });
        // No longer hers: she can read and leave notes, not reply.
        expect(await desk.getByRole('button', { name: 'Reply to customer' }).isDisabled()).toBe(
          true,
        );

        // Presence: away, as the API sees it.
        await desk.getByLabel('Availability').selectOption('away');
        await eventually(
          'Mei away',
          async () => (await getJson(k, '/api/v1/agents', tenant.apiKey)).agents,
          (agents: any[]) => agents.some((a) => a.id === mei.id && a.status === 'away'),
        );
        await desk.getByLabel('Availability').selectOption('online');

        // Tickets: Wang closes; the ticket shows up in Mei's list of solved ones.
        wangSocket.send({ t: 'close', conversationId: chat.conversationId });
        const closed = await eventually(
          'ticket made',
          async () =>
            (await getJson(k, `/api/v1/conversations/${chat.conversationId}`, mei.token))
              .conversation,
          (c: any) => c.ticketId !== null,
        );
        await desk.getByRole('link', { name: 'Tickets' }).click();
        await desk.getByLabel('Status').selectOption('solved');
        await desk.getByPlaceholder('Search subject, comments, messages…').fill('refund');
        const row = desk.locator(`.ticket-row[data-ticket-id="${closed.ticketId}"]`);
        await row.waitFor();
        await screenshot(desk, 'tickets-desktop');
        await row.click();
        await desk.locator('#ticket-title').waitFor();

        // Reopen it (only allowed moves are offered), leave an internal note.
        const status = desk.getByLabel('Status', { exact: true }).last();
        expect(await status.locator('option').allInnerTexts()).toEqual([
          'Solved',
          'Open',
          'Closed',
        ]);
        await status.selectOption('open');
        await eventually(
          'reopened',
          () => getJson(k, `/api/v1/tickets/${closed.ticketId}`, mei.token),
          (x) => x.status === 'open',
        );
        await desk.locator('#comment-body').fill('Refund approved by finance');
        await desk.getByRole('button', { name: 'Add', exact: true }).click();
        await desk
          .locator('.comment.internal', { hasText: 'Refund approved by finance' })
          .waitFor();

        // Someone changes the ticket meanwhile: our change gets a friendly message, not a loss.
        const current = await getJson(k, `/api/v1/tickets/${closed.ticketId}`, mei.token);
        const other = await k.api(`/api/v1/tickets/${closed.ticketId}`, {
          method: 'PATCH',
          token: tenant.apiKey,
          json: { version: current.version, priority: 'high' },
        });
        expect(other.status).toBe(200);
        await desk.getByLabel('Priority', { exact: true }).last().selectOption('urgent');
        const conflict = desk.locator('.alert.conflict');
        await conflict.waitFor();
        expect(await conflict.textContent()).toContain('Someone else changed this ticket');
        await screenshot(desk, 'ticket-conflict-desktop');
        await conflict.getByRole('button', { name: 'Reload' }).click();
        await conflict.waitFor({ state: 'detached' });
        expect(await desk.getByLabel('Priority', { exact: true }).last().inputValue()).toBe('high');
        await desk.getByLabel('Priority', { exact: true }).last().selectOption('urgent');
        await eventually(
          'urgent',
          () => getJson(k, `/api/v1/tickets/${closed.ticketId}`, mei.token),
          (x) => x.priority === 'urgent',
        );
        expect(problems).toEqual([]);
        wangSocket.close();
        chat.socket.close();
      } finally {
        await browser.close();
      }

      // The same on a phone, in Chinese: the ticket list, then one ticket.
      const phone = await openBrowser({ viewport: VIEWPORTS.phone, locale: 'zh-CN' });
      try {
        const { page } = phone;
        await page.goto(`${k.url}/app`);
        await page.getByLabel('邮箱').fill(mei.email);
        await page.getByLabel('密码').fill(mei.password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.locator('.topbar .presence[data-status="online"]').waitFor();
        await page.getByRole('link', { name: '工单' }).click();
        await page.locator('.ticket-row').first().waitFor();
        await screenshot(page, 'tickets-phone-zh');
        await page.locator('.ticket-row').first().click();
        await page.locator('#ticket-title').waitFor();
        await screenshot(page, 'ticket-phone-zh');
      } finally {
        await phone.close();
      }
    },
    LONG,
  );
});
