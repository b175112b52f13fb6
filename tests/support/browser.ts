/**
 * Real Chromium for browser tests (playwright-core + the Debian package at /usr/bin/chromium):
 * one persistent context per "person" (agent, customer), each with a fresh profile.
 * Screenshots go to tests/artifacts/ (git-ignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
export const ARTIFACTS = resolve(import.meta.dir, '../artifacts');

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

export interface Person {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A browser of its own (fresh profile), one page open. */
export async function openBrowser(
  options: {
    viewport?: { width: number; height: number };
    locale?: string;
    /** Origins that may show desktop notifications. */
    notificationsFor?: string;
  } = {},
): Promise<Person> {
  const profile = await mkdtemp(join(tmpdir(), 'kefu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: options.viewport ?? VIEWPORTS.desktop,
    locale: options.locale ?? 'en-US',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  if (options.notificationsFor) {
    await context.grantPermissions(['notifications'], { origin: options.notificationsFor });
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Records every `new Notification(…)` in `window.kefuNotifications` (the real one is still
 * shown), so a test can see what the page announced.
 */
export async function recordNotifications(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Real = window.Notification;
    const seen: { title: string; body: string }[] = [];
    (window as unknown as { kefuNotifications: typeof seen }).kefuNotifications = seen;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        seen.push({ title, body: options?.body ?? '' });
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true });
  });
}

export async function notifications(page: Page): Promise<{ title: string; body: string }[]> {
  return page.evaluate(
    () =>
      (window as unknown as { kefuNotifications?: { title: string; body: string }[] })
        .kefuNotifications ?? [],
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Waits until `check` holds (polling), or fails with the last value seen. */
export async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (check(last)) return last;
    await Bun.sleep(100);
  }
  throw new Error(`${what}: not true within ${timeoutMs} ms; last value ${JSON.stringify(last)}`);
}

/** The texts of the elements a locator matches, in document order. */
export function texts(locator: Locator): Promise<string[]> {
  return locator.allInnerTexts();
}

/** Page errors and CSP refusals seen by a page: a test ends by expecting none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`csp: ${text}`);
  });
  return problems;
}

/** Signs in on `/app` and waits until the workspace is connected. */
export async function signIn(
  page: Page,
  baseUrl: string,
  agent: { email: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/app`);
  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.topbar .presence[data-status="online"]').waitFor({ timeout: 20_000 });
}
