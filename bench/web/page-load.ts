/**
 * One page load in real headless Chromium (playwright-core, the Debian package at
 * /usr/bin/chromium, the flags the browser tests use), timed with the page's own Performance
 * API: navigation timing, first-contentful-paint, and the first animation frame in which a
 * chosen element is visible (a probe installed before any page script runs).
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = () => existsSync(CHROMIUM_PATH);

/** The flags of tests/support/browser.ts. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORT = { width: 1280, height: 800 };

/** Starts Chromium; close it in a `finally`. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

/** The element whose first visible frame ends "ready": in the page, or in a shadow root. */
export interface ReadyProbe {
  /** Selector of a shadow host (`kefu-widget`), or null for the document itself. */
  host: string | null;
  selector: string;
}

/**
 * A fresh context (its own empty HTTP cache, cookies and storage) whose pages stamp
 * `window.__kefuBenchReady` with `performance.now()` in the first animation frame where the
 * probe's element is visible. rAF callbacks run just before the frame is painted, so this
 * is the frame that first shows it (granularity one frame, ≈ 16 ms).
 */
export async function freshContext(browser: Browser, probe: ReadyProbe): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  await context.addInitScript(({ host, selector }: ReadyProbe) => {
    const w = window as unknown as { __kefuBenchReady?: number };
    const check = () => {
      const root = host ? document.querySelector(host)?.shadowRoot : document;
      const element = root?.querySelector(selector);
      if (element?.checkVisibility() && element.getBoundingClientRect().width > 0) {
        w.__kefuBenchReady = performance.now();
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, probe);
  return context;
}

/** What one load measured, in ms from the navigation's start (`performance.timeOrigin`). */
export interface LoadTiming {
  responseEndMs: number;
  domContentLoadedMs: number;
  loadMs: number;
  firstContentfulPaintMs: number;
  readyMs: number;
  /** `responseEnd` of the resource whose URL ends with `resourceSuffix`, if asked. */
  resourceEndMs: number | undefined;
  /** Navigation + resources: how many, body bytes as encoded, bytes transferred. */
  requests: number;
  encodedBytes: number;
  transferBytes: number;
}

/**
 * Waits until the page has fired `load`, painted, and shown the probe's element, then reads
 * the timings. Throws after `timeoutMs` naming what never happened.
 */
export async function readTiming(
  page: Page,
  resourceSuffix?: string,
  timeoutMs = 20_000,
): Promise<LoadTiming> {
  const state = () =>
    page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as
        | PerformanceNavigationTiming
        | undefined;
      return {
        load: (nav?.loadEventEnd ?? 0) > 0,
        paint: performance.getEntriesByName('first-contentful-paint').length > 0,
        ready: (window as unknown as { __kefuBenchReady?: number }).__kefuBenchReady !== undefined,
      };
    });
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const seen = await state();
    if (seen.load && seen.paint && seen.ready) break;
    if (performance.now() > deadline) {
      throw new Error(
        `${page.url()}: not loaded, painted and ready in time ${JSON.stringify(seen)}`,
      );
    }
    await Bun.sleep(20);
  }
  const timing = await page.evaluate((suffix) => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const all = [nav, ...resources];
    const sum = (pick: (e: PerformanceResourceTiming) => number) =>
      all.reduce((n, e) => n + pick(e), 0);
    return {
      responseEndMs: nav.responseEnd,
      domContentLoadedMs: nav.domContentLoadedEventStart,
      loadMs: nav.loadEventStart,
      firstContentfulPaintMs: performance.getEntriesByName('first-contentful-paint')[0]!.startTime,
      readyMs: (window as unknown as { __kefuBenchReady: number }).__kefuBenchReady,
      resourceEndMs: suffix
        ? resources.find((r) => new URL(r.name).pathname.endsWith(suffix))?.responseEnd
        : undefined,
      requests: all.length,
      encodedBytes: sum((e) => e.encodedBodySize),
      transferBytes: sum((e) => e.transferSize),
    };
  }, resourceSuffix);
  if (resourceSuffix && timing.resourceEndMs === undefined) {
    throw new Error(`${page.url()}: no resource timing entry for ${resourceSuffix}`);
  }
  return timing;
}

/** Page errors and console errors of a page (a load with errors is not a load to time). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}
