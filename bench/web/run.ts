/**
 * web: what the browser side costs. The widget's and the agent app's sizes as a running kefu
 * serves them (raw and gzip), then, in real headless Chromium, the agent app's first load
 * (fresh context = cold cache, then a reload = warm) until the login form shows, and the
 * widget on the demo page until its launcher shows. `web_runs` loads each, p50 and max.
 * See README.md.
 */
import type { Browser, Page } from 'playwright-core';
import { kefuMissing } from '../lib/kefu/server.ts';
import { setupKefu } from '../lib/kefu/setup.ts';
import { knob, type SuiteContext, type SuiteResult, skipped } from '../lib/types.ts';
import { type ColdWarm, loadMetrics, perLoadNote } from './load-metrics.ts';
import {
  CHROMIUM_PATH,
  freshContext,
  hasChromium,
  launchChromium,
  type ReadyProbe,
  readTiming,
  VIEWPORT,
  watchErrors,
} from './page-load.ts';
import { measureSizes, sizeMetrics } from './sizes.ts';

/** A page to time: until which element shows, and how the browser tests find that element. */
interface TimedPage {
  url: string;
  probe: ReadyProbe;
  confirm: (page: Page) => Promise<void>;
  resourceSuffix?: string;
}

/** A fresh context loads the page (cold), then reloads it (warm); the context is dropped. */
async function coldAndWarm(browser: Browser, timed: TimedPage): Promise<ColdWarm> {
  const context = await freshContext(browser, timed.probe);
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(timed.url, { waitUntil: 'load' });
    await timed.confirm(page);
    const cold = await readTiming(page, timed.resourceSuffix);
    await page.reload({ waitUntil: 'load' });
    await timed.confirm(page);
    const warm = await readTiming(page, timed.resourceSuffix);
    return { cold, warm, errors };
  } finally {
    await context.close();
  }
}

/** Runs the web suite against a fresh kefu. */
export async function run(ctx: SuiteContext): Promise<SuiteResult> {
  const missing = kefuMissing(ctx);
  if (missing) return skipped(missing);
  if (!hasChromium()) return skipped(`no Chromium at ${CHROMIUM_PATH} (.ci/browser installs it)`);
  const runs = Math.max(1, knob(ctx, 'web_runs', 2, 10));
  const kefu = await setupKefu(ctx);
  let browser: Browser | undefined;
  try {
    const base = kefu.server.baseUrl;
    // Also the first request of each page: kefu bundles it then, outside the timed loads.
    ctx.progress('sizes of /widget.js and /app');
    const sizes = sizeMetrics(await measureSizes(base));
    const metrics = { ...sizes.metrics };
    const notes = [...sizes.notes];

    ctx.progress('starting Chromium');
    browser = await launchChromium();
    const app: TimedPage = {
      url: `${base}/app`,
      probe: { host: null, selector: 'form.login-card' },
      confirm: (page) => page.getByLabel('Email').waitFor({ state: 'visible', timeout: 20_000 }),
    };
    const widget: TimedPage = {
      url: `${base}/demo/${encodeURIComponent(kefu.widgetKey)}`,
      probe: { host: 'kefu-widget', selector: 'button.launcher' },
      confirm: (page) =>
        page
          .getByRole('button', { name: 'Chat with us' })
          .waitFor({ state: 'visible', timeout: 20_000 }),
      resourceSuffix: '/widget.js',
    };
    ctx.progress('warm-up round (not recorded)');
    await coldAndWarm(browser, app);
    await coldAndWarm(browser, widget);

    const appRuns: ColdWarm[] = [];
    const widgetRuns: ColdWarm[] = [];
    for (let i = 1; i <= runs; i++) {
      ctx.progress(`load ${i}/${runs}: /app cold + warm, demo page cold + warm`);
      appRuns.push(await coldAndWarm(browser, app));
      widgetRuns.push(await coldAndWarm(browser, widget));
    }

    Object.assign(metrics, loadMetrics(appRuns, widgetRuns));
    notes.push(perLoadNote(appRuns, widgetRuns));
    const errors = [...new Set([...appRuns, ...widgetRuns].flatMap((r) => r.errors))];
    if (errors.length)
      notes.push(`page errors during the loads: ${errors.slice(0, 5).join(' | ')}`);
    notes.push(
      `Chromium ${browser.version()} headless, ${VIEWPORT.width}×${VIEWPORT.height}, ${runs} loads each (+1 warm-up not recorded); times in ms from navigation start, read in the page (Navigation/Paint Timing; "visible" = first animation frame showing the element)`,
    );
    return {
      status: 'ok',
      settings: { runs, viewport: VIEWPORT, chromium: browser.version(), warmupRounds: 1 },
      metrics,
      notes,
    };
  } finally {
    await browser?.close();
    await kefu.stop();
  }
}
