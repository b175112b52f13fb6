/**
 * The workspace's session in a real Chromium: it trades its refresh token before the
 * access token expires and reconnects its socket with the new token, so an agent stays
 * signed in past the token's lifetime; signing out ends the session on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { hasChromium, openBrowser, type Person, signIn } from '../support/browser.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

const describeInBrowser = hasChromium ? describe : describe.skip;

describeInBrowser('workspace session in Chromium', () => {
  let k: TestKefu;
  let person: Person | undefined;
  beforeAll(async () => {
    // The shortest access token kefu allows: the workspace refreshes it after 30 s.
    k = await startTestKefu('sqlite', { KEFU_JWT_TTL_SEC: '60' });
  }, 60_000);
  afterAll(async () => {
    await person?.close();
    await k?.stop();
  });

  const saved = async () =>
    JSON.parse(
      (await person!.page.evaluate(() => sessionStorage.getItem('kefu.session'))) ?? '{}',
    ) as { token?: string; refreshToken?: string };
  const me = async (token: string) => (await k.api('/api/v1/agents/me', { token })).status;

  it('stays signed in past the access token’s lifetime, then signs out for good', async () => {
    const agent = await k.addAgent();
    person = await openBrowser();
    const { page } = person;
    await signIn(page, k.url, agent);
    const first = await saved();
    expect(first.refreshToken).toStartWith('kefu_rt_');

    // Past the first token's expiry (60 s): refreshed, reconnected, still online.
    await Bun.sleep(66_000);
    const now = await saved();
    expect(now.token).not.toBe(first.token);
    expect(now.refreshToken).not.toBe(first.refreshToken);
    await page.locator('.topbar .presence[data-status="online"]').waitFor({ timeout: 10_000 });
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect(await me(now.token!)).toBe(200);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Password').waitFor({ timeout: 10_000 });
    for (let i = 0; i < 50 && (await me(now.token!)) !== 401; i++) await Bun.sleep(100);
    expect(await me(now.token!)).toBe(401);
  }, 120_000);
});
