/**
 * The web apps in a real Chromium against a real kefu: the agent workspace and the chat
 * widget on the demo page, including network cuts on either side. Each test has its own
 * tenant, so assignments of one test never reach another. Screenshots (desktop 1280×800,
 * phone 390×844) are written to tests/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { createAgent } from '../../src/accounts/index.ts';
import {
  eventually,
  hasChromium,
  notifications,
  openBrowser,
  recordNotifications,
  screenshot,
  signIn,
  VIEWPORTS,
  watchProblems,
} from '../support/browser.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';
import { TestSocket } from '../support/ws-client.ts';

if (!hasChromium) {
  console.warn('browser tests skipped: /usr/bin/chromium is missing (install it with .ci/browser)');
}
const describeInBrowser = hasChromium ? describe : describe.skip;

const PASSWORD = 'correct horse battery';
const LONG = 120_000;

describeInBrowser('web apps in Chromium', () => {
  let k: TestKefu;
  beforeAll(async () => {
    k = await startTestKefu();
  }, 60_000);
  afterAll(async () => {
    await k?.stop();
  });

  /** A fresh tenant with one agent (not connected yet). */
  async function tenantWithAgent(capacity = 5) {
    const tenant = await k.addTenant();
    const email = `agent.${Bun.randomUUIDv7()}@example.com`;
    const user = await createAgent(k.kefu.store, {
      tenantId: tenant.tenantId,
      email,
      password: PASSWORD,
      name: 'Mei Lin',
      capacity,
    });
    const login = (await (
      await k.api('/api/v1/auth/login', { method: 'POST', json: { email, password: PASSWORD } })
    ).json()) as { token: string };
    return { tenant, agent: { id: user.id, email, password: PASSWORD, token: login.token } };
  }

  /** A customer over a plain WebSocket who has written `text` (acked). */
  async function customerWrites(widgetKey: string, text: string) {
    const socket = await TestSocket.open(`${k.wsUrl}/ws/customer?widgetKey=${widgetKey}`);
    const welcome = await socket.nextOf('welcome');
    socket.send({ t: 'msg', clientMsgId: 'c1', text });
    await socket.nextOf('ack');
    return { socket, conversationId: welcome.conversationId as string };
  }

  async function conversationTexts(token: string, id: string): Promise<string[]> {
    const res = await k.api(`/api/v1/conversations/${id}?limit=500`, { token });
    const body = (await res.json()) as { messages: { text: string }[] };
    return body.messages.map((m) => m.text);
  }

  it(
    'shows a signed-in agent the queue and their own conversations, in English or Chinese',
    async () => {
      const { tenant, agent } = await tenantWithAgent(1);
      // Both wait before any agent is online; signing in takes the first, the second waits.
      const first = await customerWrites(tenant.widgetKey, 'Where is my order 1001?');
      const second = await customerWrites(tenant.widgetKey, 'Do you ship to Hangzhou?');

      const desk = await openBrowser({ viewport: VIEWPORTS.desktop });
      const problems = watchProblems(desk.page);
      try {
        const { page } = desk;
        await page.goto(`${k.url}/app`);
        await screenshot(page, 'agent-login-desktop');
        await signIn(page, k.url, agent);

        await page.getByRole('button', { name: /^Mine/ }).click();
        const mine = page.locator('.conversation-list .row');
        await eventually(
          'my conversation listed',
          () => mine.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-conversation-id'))),
          (ids) => ids.length === 1 && ids[0] === first.conversationId,
        );
        await page.getByRole('button', { name: /^Queued/ }).click();
        const queued = page.locator(`.row[data-conversation-id="${second.conversationId}"]`);
        await queued.waitFor({ timeout: 20_000 });
        expect(await page.locator('.conversation-list .row').count()).toBe(1);
        await expect(queued.locator('.row-preview').textContent()).resolves.toBe(
          'Do you ship to Hangzhou?',
        );

        // A queued conversation can be read, not answered, until it is assigned (internal
        // notes can be written).
        await queued.click();
        await page.locator('.msg-text', { hasText: 'Do you ship to Hangzhou?' }).waitFor();
        await page.locator('.reply-note').waitFor();
        expect(await page.getByRole('button', { name: 'Reply to customer' }).isDisabled()).toBe(
          true,
        );
        expect(await page.getByLabel('Internal note').count()).toBe(1);
        expect(new URL(page.url()).pathname).toBe(`/app/c/${second.conversationId}`);
        await screenshot(page, 'agent-queue-desktop');

        // Keyboard: j/k move through "All open", / focuses the reply box of our own one.
        await page.getByRole('button', { name: /^All open/ }).click();
        await page.locator('.conversation-list .row').nth(1).waitFor();
        await page.locator('body').click({ position: { x: 5, y: 790 } });
        const selectedId = () =>
          page.locator('.row.selected').getAttribute('data-conversation-id', { timeout: 5000 });
        await page.keyboard.press('j');
        await page.keyboard.press('j');
        const afterTwo = await selectedId();
        await page.keyboard.press('k');
        const afterBack = await selectedId();
        expect(afterTwo).not.toBe(afterBack);
        expect([afterTwo, afterBack].sort()).toEqual(
          [first.conversationId, second.conversationId].sort(),
        );
        await page.locator(`.row[data-conversation-id="${first.conversationId}"]`).click();
        await page.locator('#reply-input').waitFor();
        await page.locator('.history').click();
        await page.keyboard.press('/');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('reply-input');
        await page.keyboard.press('Escape');
        await page.keyboard.press('Escape');
        await page.locator('.pane-empty').waitFor();

        // 中文.
        await page.getByLabel('Language').selectOption('zh');
        await page.getByRole('button', { name: /^排队中/ }).waitFor();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
        await page.getByLabel('语言').selectOption('en');
        await page.getByRole('button', { name: /^Queued/ }).waitFor();
        expect(problems).toEqual([]);
      } finally {
        await desk.close();
      }

      const phone = await openBrowser({ viewport: VIEWPORTS.phone, locale: 'zh-CN' });
      try {
        const { page } = phone;
        await page.goto(`${k.url}/app`);
        // The language follows the browser's when nothing was chosen.
        await page.getByRole('button', { name: '登录' }).waitFor();
        await screenshot(page, 'agent-login-phone-zh');
        await page.getByLabel('语言').selectOption('en');
        await signIn(page, k.url, agent);
        await page.getByRole('button', { name: /^Queued/ }).click();
        await page.locator(`.row[data-conversation-id="${second.conversationId}"]`).waitFor();
        await screenshot(page, 'agent-queue-phone');
        await page.locator(`.row[data-conversation-id="${second.conversationId}"]`).click();
        await page.locator('.msg-text', { hasText: 'Do you ship to Hangzhou?' }).waitFor();
        // On a phone the conversation replaces the list; Back returns to it.
        expect(await page.locator('.sidebar').isVisible()).toBe(false);
        await screenshot(page, 'agent-conversation-phone');
        await page.getByRole('button', { name: 'Back to the list' }).click();
        await page.locator('.sidebar').waitFor({ state: 'visible' });
      } finally {
        await phone.close();
        first.socket.close();
        second.socket.close();
      }
    },
    LONG,
  );

  it(
    'carries a chat from the demo page to a notified agent and back, markup shown as text',
    async () => {
      const { tenant, agent } = await tenantWithAgent();
      const agentBrowser = await openBrowser({ notificationsFor: k.url });
      const customerBrowser = await openBrowser();
      const agentProblems = watchProblems(agentBrowser.page);
      const customerProblems = watchProblems(customerBrowser.page);
      try {
        await recordNotifications(agentBrowser.context);
        const desk = agentBrowser.page;
        await signIn(desk, k.url, agent);

        const shop = customerBrowser.page;
        await shop.goto(`${k.url}/demo/${tenant.widgetKey}`);
        // The host page's CSS does not reach into the widget (Shadow DOM, reset host).
        const hostileCss = await shop.addStyleTag({
          content:
            '* { color: rgb(255, 0, 0) !important; font-size: 40px !important; } ' +
            'div, button, textarea { display: none !important; }',
        });
        await shop.getByRole('button', { name: 'Chat with us' }).click();
        const hostile = 'Hi <script>window.pwned=1</script><img src=x onerror="window.pwned=2">';
        await shop.getByLabel('Your message').fill(hostile);
        await shop.getByLabel('Your message').press('Enter');
        await shop.locator('.item.mine[data-state="sent"]').waitFor({ timeout: 20_000 });

        // The agent is told (desktop notification) and finds it under Mine.
        const [note] = await eventually(
          'assignment notification',
          () => notifications(desk),
          (list) => list.length === 1,
        );
        expect(note).toEqual({
          title: 'New conversation assigned',
          body: expect.stringContaining(hostile),
        });
        await desk.getByRole('button', { name: /^Mine/ }).click();
        await desk.locator('.conversation-list .row').first().click();
        const received = desk.locator('.msg.from-customer .msg-text');
        await received.waitFor();
        expect(await received.textContent()).toBe(hostile);
        expect(await received.locator('img, script').count()).toBe(0);

        // Typing shows on the other side, both ways.
        await shop.getByLabel('Your message').fill('still here');
        await desk.locator('.typing', { hasText: 'Customer is typing' }).waitFor();
        await shop.getByLabel('Your message').fill('');
        await desk.getByLabel('Reply').fill('Sure — <b>bold</b> stays text');
        await shop.locator('.typing', { hasText: 'typing' }).waitFor();
        await desk.getByLabel('Reply').press('Enter');

        const reply = shop.locator('.item.agent .bubble');
        await reply.waitFor({ timeout: 20_000 });
        expect(await reply.evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(255, 0, 0)');
        expect(await reply.evaluate((el) => getComputedStyle(el).fontSize)).toBe('15px');
        expect(await reply.textContent()).toBe('Sure — <b>bold</b> stays text');
        expect(await reply.locator('b').count()).toBe(0);
        expect(await shop.locator('.item.agent .who').textContent()).toBe('Mei Lin');
        // The agent read the customer's message; the customer sees it was seen.
        await shop.locator('.item.mine .meta', { hasText: 'seen' }).waitFor();
        // The desk shows our reply as ours once acked (no "sending…" left).
        await desk.locator('.msg.mine:not(.pending)').waitFor();
        expect(await desk.locator('.msg.pending').count()).toBe(0);

        // No markup ran anywhere.
        expect(await desk.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
        expect(await shop.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
        await screenshot(desk, 'agent-conversation-desktop');
        await screenshot(shop, 'widget-hostile-css-desktop');
        await hostileCss.evaluate((style) => (style as Element).remove());
        await screenshot(shop, 'widget-desktop');

        // The agent closes; the customer is told.
        await desk.getByRole('button', { name: 'Close conversation' }).click();
        await desk.getByRole('button', { name: 'Confirm close' }).click();
        await desk.locator('.reply-note', { hasText: 'closed' }).waitFor();
        await shop.locator('.head p', { hasText: 'ended' }).waitFor();
        expect(agentProblems).toEqual([]);
        expect(customerProblems).toEqual([]);
      } finally {
        await agentBrowser.close();
        await customerBrowser.close();
      }
    },
    LONG,
  );

  it(
    "resumes the agent after a network cut: banner, no reload, the customer's 3 messages once and in order, the unsent reply delivered",
    async () => {
      const { tenant, agent } = await tenantWithAgent();
      const agentBrowser = await openBrowser({ viewport: VIEWPORTS.phone });
      const problems = watchProblems(agentBrowser.page);
      try {
        const desk = agentBrowser.page;
        await signIn(desk, k.url, agent);
        const customer = await customerWrites(tenant.widgetKey, 'Hello?');
        await desk.locator(`.row[data-conversation-id="${customer.conversationId}"]`).click();
        await desk.locator('.msg-text', { hasText: 'Hello?' }).waitFor();
        await desk.evaluate(() => {
          (window as { sameDocument?: boolean }).sameDocument = true;
        });

        await agentBrowser.context.setOffline(true);
        const banner = desk.locator('.offline-banner');
        await banner.waitFor({ timeout: 20_000 });
        expect(await banner.textContent()).toBe('Offline — reconnecting…');
        await screenshot(desk, 'agent-offline-phone');

        for (const [i, text] of ['one', 'two', 'three'].entries()) {
          customer.socket.send({ t: 'msg', clientMsgId: `m${i}`, text });
          await customer.socket.nextOf('ack', (f) => f.clientMsgId === `m${i}`);
        }
        // A reply written while offline waits, marked as sending.
        await desk.getByLabel('Reply').fill('Back in a moment');
        await desk.getByLabel('Reply').press('Enter');
        await desk.locator('.msg.pending[data-state="sending"]').waitFor();

        await agentBrowser.context.setOffline(false);
        await banner.waitFor({ state: 'detached', timeout: 30_000 });
        const texts = desk.locator('.msg.from-customer .msg-text');
        await eventually(
          "the customer's messages",
          () => texts.allInnerTexts(),
          (list) => list.length >= 4,
        );
        await desk.locator('.msg.pending').waitFor({ state: 'detached', timeout: 20_000 });
        expect(await texts.allInnerTexts()).toEqual(['Hello?', 'one', 'two', 'three']);
        expect(await desk.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(
          true,
        );
        // The reply reached the customer once.
        const replies = await customer.socket.collect(
          1,
          (f) => f.t === 'msg' && f.author.kind === 'agent',
        );
        expect(replies[0]!.text).toBe('Back in a moment');
        await customer.socket.expectNone((f) => f.t === 'msg' && f.author.kind === 'agent', 500);
        expect(await conversationTexts(agent.token, customer.conversationId)).toEqual([
          'Hello?',
          'one',
          'two',
          'three',
          'Back in a moment',
        ]);
        await screenshot(desk, 'agent-resumed-phone');
        expect(problems).toEqual([]);
        customer.socket.close();
      } finally {
        await agentBrowser.close();
      }
    },
    LONG,
  );

  it(
    'queues widget messages while the customer is offline and delivers each once when back, also after a reload',
    async () => {
      const { tenant, agent } = await tenantWithAgent();
      const deskSocket = await TestSocket.open(`${k.wsUrl}/ws/agent?token=${agent.token}`);
      await deskSocket.nextOf('hello');
      const customerBrowser = await openBrowser({ viewport: VIEWPORTS.phone });
      const problems = watchProblems(customerBrowser.page);
      await customerBrowser.context.addInitScript(() => {
        (window as { globalsBefore?: string[] }).globalsBefore = Object.keys(window);
      });
      try {
        const shop = customerBrowser.page;
        await shop.goto(`${k.url}/demo/${tenant.widgetKey}`);
        await shop.getByRole('button', { name: 'Chat with us' }).waitFor();
        // The widget adds one marker to the host page's globals, nothing else.
        const added = await shop.evaluate(() => {
          const before = new Set((window as { globalsBefore?: string[] }).globalsBefore);
          return Object.keys(window).filter((key) => !before.has(key) && key !== 'globalsBefore');
        });
        expect(added).toEqual(['kefuWidgetLoaded']);
        await screenshot(shop, 'demo-phone');
        await shop.getByRole('button', { name: 'Chat with us' }).click();
        const input = shop.getByLabel('Your message');
        await input.fill('My parcel is late');
        await input.press('Enter');
        await shop.locator('.item.mine[data-state="sent"]').waitFor({ timeout: 20_000 });
        const first = await deskSocket.nextOf('msg', (f) => f.text === 'My parcel is late', 20_000);
        const conversationId = first.conversationId as string;

        await customerBrowser.context.setOffline(true);
        await shop.locator('.offline').waitFor({ timeout: 20_000 });
        for (const text of ['Order 1001', 'Sent on Monday']) {
          await input.fill(text);
          await input.press('Enter');
        }
        expect(await shop.locator('.item.mine[data-state="sending"]').count()).toBe(2);
        await screenshot(shop, 'widget-offline-phone');

        await customerBrowser.context.setOffline(false);
        await shop.locator('.item.mine[data-state="sending"]').first().waitFor({
          state: 'detached',
          timeout: 30_000,
        });
        await shop.locator('.offline').waitFor({ state: 'detached' });
        const delivered = await deskSocket.collect(
          2,
          (f) => f.t === 'msg' && f.author.kind === 'customer',
          20_000,
        );
        expect(delivered.map((f) => f.text)).toEqual(['Order 1001', 'Sent on Monday']);
        await deskSocket.expectNone((f) => f.t === 'msg' && f.author.kind === 'customer', 500);
        expect(await conversationTexts(agent.token, conversationId)).toEqual([
          'My parcel is late',
          'Order 1001',
          'Sent on Monday',
        ]);
        expect(await shop.locator('.item.mine .bubble').allInnerTexts()).toEqual([
          'My parcel is late',
          'Order 1001',
          'Sent on Monday',
        ]);

        // Page closed; the agent answers; the customer comes back: same conversation, reply there.
        await shop.goto('about:blank');
        deskSocket.send({
          t: 'msg',
          conversationId,
          clientMsgId: 'a1',
          text: 'Found it, on its way',
        });
        await deskSocket.nextOf('ack');
        await shop.goto(`${k.url}/demo/${tenant.widgetKey}`);
        await shop.locator('.item.agent .bubble', { hasText: 'Found it, on its way' }).waitFor({
          timeout: 20_000,
        });
        expect(await shop.locator('.item .bubble').allInnerTexts()).toEqual([
          'My parcel is late',
          'Order 1001',
          'Sent on Monday',
          'Found it, on its way',
        ]);
        // An integration (API key) writes as "system": shown apart from the agent's words.
        const posted = await k.api(`/api/v1/conversations/${conversationId}/messages`, {
          method: 'POST',
          token: tenant.apiKey,
          json: { text: 'Ticket #42 opened for you' },
        });
        expect(posted.status).toBe(201);
        await shop
          .locator('.item.system .bubble', { hasText: 'Ticket #42 opened for you' })
          .waitFor();
        await screenshot(shop, 'widget-phone');
        expect(problems).toEqual([]);
      } finally {
        deskSocket.close();
        await customerBrowser.close();
      }
    },
    LONG,
  );
});
