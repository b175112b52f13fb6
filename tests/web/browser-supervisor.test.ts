/**
 * The supervisor's screens in a real Chromium against a real kefu: the live dashboard
 * follows the queue and the agents' load without a reload; a rule built in the rules
 * editor routes the next message; whisper and take-over from the dashboard. Screenshots
 * (desktop 1280×800, phone 390×844, English and Chinese) go to tests/artifacts/.
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

describeInBrowser('supervisor screens in Chromium', () => {
  let k: TestKefu;
  beforeAll(async () => {
    k = await startTestKefu();
  }, 60_000);
  afterAll(async () => {
    await k?.stop();
  });

  it(
    'shows the queue and the agents’ load change live when a customer asks for a human; whisper and take over from there',
    async () => {
      const { tenant, people } = await tenantWith(k, [
        { name: 'Ada Boss', role: 'supervisor', capacity: 3 },
        { name: 'Mei Lin', capacity: 2 },
      ]);
      const [boss, mei] = people as [(typeof people)[0], (typeof people)[0]];
      const browser = await openBrowser({ viewport: VIEWPORTS.desktop });
      const problems = watchProblems(browser.page);
      try {
        const { page } = browser;
        await signIn(page, k.url, boss);
        // The supervisor watches; they do not take chats.
        await page.getByLabel('Availability').selectOption('away');
        await eventually(
          'supervisor away',
          async () => (await getJson(k, '/api/v1/agents', boss.token)).agents,
          (agents: any[]) => agents.some((a) => a.id === boss.id && !a.online),
        );
        await page.getByRole('link', { name: 'Dashboard' }).click();
        const waiting = page.locator('[data-kpi="queued"] .kpi-value');
        await eventually(
          'empty queue',
          () => waiting.textContent(),
          (v) => v === '0',
        );
        await page.evaluate(() => {
          (window as { sameDocument?: boolean }).sameDocument = true;
        });

        // A customer asks for a human: nobody can take it, it waits — on screen at once.
        const chat = await customerWrites(k, tenant.widgetKey, 'I want to talk to a human');
        await eventually(
          'one waiting',
          () => waiting.textContent(),
          (v) => v === '1',
          5000,
        );
        const anyQueue = page.locator('.queues-table tr[data-group=""] .queue-depth');
        expect(await anyQueue.textContent()).toBe('1');
        expect(await page.locator('[data-kpi="queued"] .kpi-detail').textContent()).toMatch(
          /longest \d+ s/,
        );
        await page
          .locator(`.active-table tr[data-conversation-id="${chat.conversationId}"]`)
          .waitFor();
        await screenshot(page, 'dashboard-queued-desktop');

        // An agent signs in and takes it: the queue empties and their load shows 1/2.
        const desk = await mei.connect();
        await eventually(
          'queue empty again',
          () => waiting.textContent(),
          (v) => v === '0',
          5000,
        );
        const meiRow = page.locator(`.agents-table tr[data-agent-id="${mei.id}"]`);
        await eventually(
          'Mei 1/2',
          () => meiRow.locator('.load-text').textContent(),
          (v) => v === '1/2',
        );
        expect(await meiRow.locator('.presence').textContent()).toContain('Online');
        expect(await page.locator('[data-kpi="active"] .kpi-value').textContent()).toBe('1');
        // The same numbers as the API, and still the same document (no reload).
        const api = await getJson(k, '/api/v1/dashboard', boss.token);
        expect(api.live.totals).toMatchObject({ queued: 0, withAgents: 1, online: 1, away: 1 });
        expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(
          true,
        );
        // The chart of the last hour drew the peak.
        expect(await page.locator('.chart canvas').count()).toBe(3);
        await screenshot(page, 'dashboard-desktop');

        // Whisper: the agent gets the note, the customer nothing.
        const row = page.locator(`.active-table tr[data-conversation-id="${chat.conversationId}"]`);
        await row.getByRole('button', { name: /^Whisper/ }).click();
        await page.getByRole('dialog').getByLabel('Internal note').fill('Offer the 10% voucher');
        await screenshot(page, 'dashboard-whisper-desktop');
        await page.getByRole('dialog').getByRole('button', { name: 'Add note' }).click();
        const note = await desk.nextOf('note', () => true, 5000);
        expect(note.note).toMatchObject({
          text: 'Offer the 10% voucher',
          author: { name: 'Ada Boss' },
        });
        await chat.socket.expectNone(
          (f) => f.t === 'note' || f.text === 'Offer the 10% voucher',
          500,
        );
        await page.locator('.flash', { hasText: 'Note added.' }).waitFor();

        // Take over: the conversation is the supervisor's now, opened in the inbox.
        await row.getByRole('button', { name: 'Take over' }).click();
        await page.locator('.pane h1').waitFor();
        expect(new URL(page.url()).pathname).toBe(`/app/c/${chat.conversationId}`);
        await eventually(
          'taken over',
          async () =>
            (await getJson(k, `/api/v1/conversations/${chat.conversationId}`, boss.token))
              .conversation,
          (c: any) => c.assignedAgentId === boss.id,
        );
        // The whisper is in the timeline, set apart from messages.
        await page.locator('.msg.note', { hasText: 'Offer the 10% voucher' }).waitFor();
        await screenshot(page, 'conversation-note-desktop');
        expect(problems).toEqual([]);
        desk.close();
        chat.socket.close();
      } finally {
        await browser.close();
      }

      // 中文, on a phone.
      const phone = await openBrowser({ viewport: VIEWPORTS.phone, locale: 'zh-CN' });
      try {
        const { page } = phone;
        await page.goto(`${k.url}/app`);
        await page.getByLabel('邮箱').fill(boss.email);
        await page.getByLabel('密码').fill(boss.password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.locator('.topbar .presence[data-status="online"]').waitFor();
        await page.getByRole('link', { name: '监控台' }).click();
        await page.locator('[data-kpi="queued"] .kpi-label', { hasText: '当前排队' }).waitFor();
        await page.locator('.chart canvas').first().waitFor();
        await screenshot(page, 'dashboard-phone-zh');
        await page.locator('.charts').scrollIntoViewIfNeeded();
        await screenshot(page, 'dashboard-charts-phone-zh');
      } finally {
        await phone.close();
      }
    },
    LONG,
  );

  it(
    'builds a rule in the editor (group made in admin, rule moved to the top, tested, saved over a conflict) that queues the next “invoice” message for billing',
    async () => {
      const { tenant, people } = await tenantWith(k, [{ name: 'Ada Admin', role: 'admin' }]);
      const admin = people[0]!;
      const browser = await openBrowser({ viewport: VIEWPORTS.desktop });
      const problems = watchProblems(browser.page);
      try {
        const { page } = browser;
        await signIn(page, k.url, admin);
        await page.getByLabel('Availability').selectOption('away');

        // A billing group, made in Admin → Skill groups.
        await page.getByRole('link', { name: 'Admin' }).click();
        await page.getByRole('link', { name: 'Skill groups' }).click();
        await page.getByRole('button', { name: '+ Add group' }).click();
        const form = page.getByRole('form', { name: 'Add group' });
        await form.getByLabel('Key').fill('billing');
        await form.getByLabel('Name').fill('Billing');
        await form.getByLabel('Only open at set hours').check();
        await form.getByLabel('Time zone').selectOption('Asia/Shanghai');
        await screenshot(page, 'admin-group-form-desktop');
        // Open around the clock, so the test never runs out of hours.
        await form.getByLabel('Only open at set hours').uncheck();
        await form.getByRole('button', { name: 'Save' }).click();
        await page.locator('.item-card[data-group-key="billing"]').waitFor();

        // The rule: built from dropdowns, no JSON.
        await page.getByRole('link', { name: 'Rules' }).click();
        await page.getByRole('button', { name: '+ Add rule' }).click();
        const cards = page.locator('.rule-card');
        const count = await cards.count();
        const rule = cards.nth(count - 1);
        await rule.getByLabel('Rule name').fill('Invoices to billing');
        await rule.getByLabel('Condition 1: field').selectOption('text');
        await rule.getByLabel('Condition 1: operator').selectOption('contains_any');
        await rule.getByLabel(/Condition 1: value/).fill('invoice, 发票');
        await rule.getByLabel('Action 1', { exact: true }).selectOption('route');
        await rule.getByLabel('Action 1: value').selectOption('billing');
        // Last, it would never fire (“everything else → bot” is before it): to the top, by keyboard.
        // Focus stays on the moving rule's button, so Enter can be pressed again and again.
        await page.getByRole('button', { name: `Move rule ${count} up` }).focus();
        for (let n = count; n > 1; n--) {
          await page.keyboard.press('Enter');
          // Each move re-renders the list: press again once focus is back on the rule.
          const next = n - 1 > 1 ? `Move rule ${n - 1} up` : 'Move rule 1 down';
          await page.waitForFunction(
            (label) => document.activeElement?.getAttribute('aria-label') === label,
            next,
            { timeout: 5000 },
          );
        }
        expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
          'Move rule 1 down',
        );
        await expect(cards.first().getByLabel('Rule name').inputValue()).resolves.toBe(
          'Invoices to billing',
        );

        // The default rules send after-sales questions to a group this tenant does not have:
        // the editor says so at that rule, before anything is sent.
        const afterSales = page.locator('.rule-card[data-rule-id="after-sales"]');
        expect(await afterSales.locator('.rule-problems').textContent()).toContain(
          'There is no group “after-sales”',
        );
        await afterSales.getByLabel('Action 1: value').selectOption('');
        expect(await afterSales.locator('.rule-problems').count()).toBe(0);

        // Try it before saving.
        await page.getByLabel('Customer message').fill('Where is my invoice for order 1001?');
        await page.getByRole('button', { name: 'Test', exact: true }).click();
        await page
          .locator('.result-decided', { hasText: 'Decided by “Invoices to billing”' })
          .waitFor();
        expect(await page.locator('.result-outcome').textContent()).toBe('Queued for billing.');
        expect(await cards.first().getAttribute('class')).toContain('decided');
        await screenshot(page, 'rules-editor-desktop');

        // Someone else saves meanwhile: our save meets a conflict, shown, and wins on request.
        const current = await getJson(k, '/api/v1/rules', admin.token);
        const other = await k.api('/api/v1/rules', {
          method: 'PUT',
          token: tenant.apiKey,
          json: {
            baseVersion: current.version,
            rules: current.rules.filter((r: { id: string }) => r.id !== 'after-sales'),
          },
        });
        expect(other.status).toBe(200);
        await page.getByRole('button', { name: 'Save rules' }).click();
        const conflict = page.locator('.alert.conflict');
        await conflict.waitFor();
        expect(await conflict.textContent()).toContain('Someone saved version 1');
        await screenshot(page, 'rules-conflict-desktop');
        await conflict.getByRole('button', { name: 'Save mine as the newest version' }).click();
        await page.locator('.status-line', { hasText: 'Saved as version 2.' }).waitFor();
        await page.locator('.version-list li[data-version="2"]').waitFor();

        // A server-side validation error lands on the rule it names.
        await cards.first().getByLabel('Condition 1: operator').selectOption('matches');
        await cards.first().getByLabel('Condition 1: value').fill('(a+)+$');
        await page.getByRole('button', { name: 'Save rules' }).click();
        await cards.first().locator('.rule-problems').waitFor();
        expect(await cards.first().locator('.rule-problems').textContent()).toContain('regex');
        await page.getByRole('button', { name: 'Discard changes' }).click();

        // The next customer message with “invoice” is queued for billing.
        const groups = (await getJson(k, '/api/v1/groups', admin.token)).groups as any[];
        const billing = groups.find((g) => g.key === 'billing');
        const chat = await customerWrites(k, tenant.widgetKey, 'Question about my invoice');
        const conversation = await eventually(
          'queued for billing',
          async () =>
            (await getJson(k, `/api/v1/conversations/${chat.conversationId}`, admin.token))
              .conversation,
          (c: any) => c.state === 'queued',
        );
        expect(conversation.groupId).toBe(billing.id);
        const events = (
          await getJson(k, `/api/v1/conversations/${chat.conversationId}/events`, admin.token)
        ).events as any[];
        const ruleId = events.find((e) => e.kind === 'rule_matched')?.ruleId;
        const saved = (await getJson(k, '/api/v1/rules', admin.token)).rules as any[];
        expect(saved[0].name).toBe('Invoices to billing');
        expect(ruleId).toBe(saved[0].id);
        // …and the UI shows it waiting for Billing.
        await page.getByRole('link', { name: 'Dashboard' }).click();
        const billingRow = page.locator('.queues-table tr[data-group="billing"] .queue-depth');
        await eventually(
          'billing queue 1',
          () => billingRow.textContent(),
          (v) => v === '1',
        );

        // Restore the first version: a new version with the old rules.
        await page.getByRole('link', { name: 'Rules' }).click();
        await page.getByRole('button', { name: 'Restore v1' }).click();
        await page
          .locator('.status-line', { hasText: 'Version 1 restored as version 3.' })
          .waitFor();
        expect(problems).toEqual([]);
        chat.socket.close();
      } finally {
        await browser.close();
      }

      const phone = await openBrowser({ viewport: VIEWPORTS.phone });
      try {
        await signIn(phone.page, k.url, admin);
        await phone.page.goto(`${k.url}/app/rules`);
        await phone.page.locator('.rule-card').first().waitFor();
        await screenshot(phone.page, 'rules-editor-phone');
        await phone.page.goto(`${k.url}/app/admin/groups`);
        await phone.page.locator('.item-card').first().waitFor();
        await screenshot(phone.page, 'admin-groups-phone');
      } finally {
        await phone.close();
      }
    },
    LONG,
  );

  it(
    'lets an admin add and edit agents, canned responses and SLA policies; marks the screens still to come',
    async () => {
      const { tenant, people } = await tenantWith(k, [{ name: 'Ada Admin', role: 'admin' }]);
      const admin = people[0]!;
      const browser = await openBrowser({ viewport: VIEWPORTS.desktop });
      const problems = watchProblems(browser.page);
      try {
        const { page } = browser;
        await signIn(page, k.url, admin);
        await page.getByRole('link', { name: 'Admin' }).click();

        // Agents: add one, then change role, skills and capacity.
        await page.getByRole('button', { name: '+ Add agent' }).click();
        const add = page.getByRole('form', { name: 'Add agent' });
        await add.getByLabel('Email').fill('new.agent@example.com');
        await add.getByLabel('Initial password').fill('a long password');
        await add.getByLabel('Name').fill('Li Na');
        await add.getByLabel('Skills').fill('billing, vip');
        await add.getByRole('button', { name: 'Save' }).click();
        const row = page.locator('tr', { hasText: 'new.agent@example.com' });
        await row.waitFor();
        await row.getByRole('button', { name: 'Edit Li Na' }).click();
        const edit = page.getByRole('form', { name: 'Edit Li Na' });
        await edit.getByLabel('Role').selectOption('supervisor');
        await edit.getByLabel(/^Capacity/).fill('4');
        await screenshot(page, 'admin-agents-desktop');
        await edit.getByRole('button', { name: 'Save' }).click();
        await page
          .locator('tr', { hasText: 'new.agent@example.com' })
          .getByText('Supervisor')
          .waitFor();
        const agents = (await getJson(k, '/api/v1/agents', tenant.apiKey)).agents as any[];
        expect(agents.find((a) => a.email === 'new.agent@example.com')).toMatchObject({
          name: 'Li Na',
          role: 'supervisor',
          skills: ['billing', 'vip'],
          capacity: 4,
        });
        // Nobody changes their own role.
        await page.getByRole('button', { name: 'Edit Ada Admin' }).click();
        const own = page.getByRole('form', { name: 'Edit Ada Admin' });
        expect(await own.getByLabel('Role').isDisabled()).toBe(true);
        await own.getByRole('button', { name: 'Cancel' }).click();

        // Canned responses, with a Chinese shortcut.
        await page.getByRole('link', { name: 'Canned responses' }).click();
        await page.getByRole('button', { name: '+ Add canned response' }).click();
        const canned = page.getByRole('form', { name: 'Add canned response' });
        await canned.getByLabel(/^Shortcut/).fill('退款');
        await canned.getByLabel('Title').fill('Refund timing');
        await canned
          .getByLabel('Text')
          .fill('您好 {{customer.name}}，退款将在 3–5 个工作日内到账。');
        await canned.getByRole('button', { name: 'Save' }).click();
        await page.locator('.item-card[data-shortcut="退款"]').waitFor();
        await screenshot(page, 'admin-canned-desktop');

        // An SLA policy: targets per priority.
        await page.getByRole('link', { name: 'SLA policies' }).click();
        await page.getByRole('button', { name: '+ Add SLA policy' }).click();
        const sla = page.getByRole('form', { name: 'Add SLA policy' });
        await sla.getByLabel('Name').fill('Standard');
        await sla.getByLabel('Urgent · First response').fill('30');
        await sla.getByLabel('Urgent · Resolution').fill('240');
        await sla.getByLabel('Normal · First response').fill('120');
        await screenshot(page, 'admin-sla-desktop');
        await sla.getByRole('button', { name: 'Save' }).click();
        await page.locator('.item-card[data-policy="Standard"]').waitFor();
        const policies = (await getJson(k, '/api/v1/sla-policies', tenant.apiKey))
          .policies as any[];
        expect(policies[0]).toMatchObject({
          name: 'Standard',
          active: true,
          targets: {
            urgent: { firstResponseMin: 30, resolutionMin: 240 },
            normal: { firstResponseMin: 120 },
          },
        });

        // Screens whose APIs are still being built say so.
        for (const name of ['Channels', 'Webhooks', 'API keys', 'Intents']) {
          await page.getByRole('link', { name, exact: true }).click();
          await page.locator('.placeholder', { hasText: 'Not available yet' }).waitFor();
        }
        await screenshot(page, 'admin-placeholder-desktop');
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }

      const phone = await openBrowser({ viewport: VIEWPORTS.phone, locale: 'zh-CN' });
      try {
        const { page } = phone;
        await page.goto(`${k.url}/app`);
        await page.getByLabel('邮箱').fill(admin.email);
        await page.getByLabel('密码').fill(admin.password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.locator('.topbar .presence[data-status="online"]').waitFor();
        for (const tab of ['agents', 'canned', 'sla']) {
          await page.goto(`${k.url}/app/admin/${tab}`);
          await page.locator('.admin-page h1').waitFor();
          await page.locator('.admin-page table, .admin-page .card-list').first().waitFor();
          await screenshot(page, `admin-${tab}-phone-zh`);
        }
      } finally {
        await phone.close();
      }
    },
    LONG,
  );
});
