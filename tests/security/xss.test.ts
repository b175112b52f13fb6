/**
 * Markup from customers (and from anyone who can set a customer's name, a ticket's
 * subject or a note) is shown as text in the agent workspace (/app) and in the widget,
 * never run: in real Chromium, `window.__xss` stays undefined and the text is visible.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { createAgent } from '../../src/accounts/index.ts';
import {
  eventually,
  hasChromium,
  openBrowser,
  signIn,
  VIEWPORTS,
  watchProblems,
} from '../support/browser.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

const describeInBrowser = hasChromium ? describe : describe.skip;
const PASSWORD = 'correct horse battery';
const PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
const NAME = '<img src=x onerror="window.__xss=3">Eve';
const SUBJECT = '<svg onload="window.__xss=4"></svg>Refund';
const NOTE = '<iframe srcdoc="<script>parent.__xss=5</script>"></iframe>note';
const REPLY = '<img src=x onerror="window.__xss=6">reply';

describeInBrowser('markup in the agent workspace and the widget', () => {
  let k: TestKefu;
  beforeAll(async () => {
    k = await startTestKefu();
  }, 60_000);
  afterAll(() => k?.stop());

  it('is shown as text and never runs', async () => {
    const tenant = await k.addTenant('XSS tenant');
    const email = `xss.${Date.now()}@example.com`;
    await createAgent(k.kefu.store, {
      tenantId: tenant.tenantId,
      email,
      password: PASSWORD,
      name: 'Mei Lin',
      role: 'admin',
    });
    const login = await k.api('/api/v1/auth/login', {
      method: 'POST',
      json: { email, password: PASSWORD },
    });
    const { token } = (await login.json()) as { token: string };
    const agentBrowser = await openBrowser({ viewport: VIEWPORTS.desktop });
    const customerBrowser = await openBrowser();
    const deskProblems = watchProblems(agentBrowser.page);
    const shopProblems = watchProblems(customerBrowser.page);
    try {
      const shop = customerBrowser.page;
      await shop.goto(`${k.url}/demo/${tenant.widgetKey}`);
      await shop.getByRole('button', { name: 'Chat with us' }).click();
      await shop.getByLabel('Your message').fill(PAYLOAD);
      await shop.getByLabel('Your message').press('Enter');
      await shop.locator('.item.mine[data-state="sent"]').waitFor({ timeout: 20_000 });
      await shop.getByText(PAYLOAD, { exact: true }).waitFor();

      // The customer's name, a ticket subject and a note carry markup too.
      const list = await k.api('/api/v1/conversations', { token: tenant.apiKey });
      const [conversation] = ((await list.json()) as any).conversations;
      const api = (method: string, path: string, json: unknown) =>
        k.api(`/api/v1${path}`, { method, json, token });
      expect(
        (await api('PATCH', `/customers/${conversation.customerId}`, { name: NAME })).status,
      ).toBe(200);
      const ticket = await api('POST', '/tickets', {
        subject: SUBJECT,
        conversationId: conversation.id,
        requesterId: conversation.customerId,
      });
      expect(ticket.status).toBe(201);
      expect(
        (await api('POST', `/conversations/${conversation.id}/notes`, { text: NOTE })).status,
      ).toBe(201);

      const desk = agentBrowser.page;
      await signIn(desk, k.url, { email, password: PASSWORD });
      await desk.getByRole('button', { name: /^Mine/ }).click();
      await desk.locator('.conversation-list .row').first().click();
      for (const text of [PAYLOAD, NAME, SUBJECT, NOTE]) {
        await desk.getByText(text, { exact: true }).first().waitFor({ timeout: 20_000 });
        expect(await desk.getByText(text, { exact: true }).first().isVisible()).toBe(true);
      }

      await desk.getByLabel('Reply').fill(REPLY);
      await desk.getByLabel('Reply').press('Enter');
      await shop.getByText(REPLY, { exact: true }).waitFor({ timeout: 20_000 });

      for (const page of [desk, shop]) {
        expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
        // Locators pierce the widget's (open) Shadow DOM: no element came from the markup.
        expect(await page.locator('img[src="x"], svg[onload], iframe[srcdoc]').count()).toBe(0);
      }
      await eventually(
        'nothing ran after a while',
        () => desk.evaluate(() => (window as { __xss?: number }).__xss ?? 0),
        (value) => value === 0,
      );
      expect(deskProblems).toEqual([]);
      expect(shopProblems).toEqual([]);
    } finally {
      await agentBrowser.close();
      await customerBrowser.close();
    }
  }, 120_000);
});
