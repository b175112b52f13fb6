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
import { knob, type Metric, type SuiteContext, type SuiteResult, skipped } from '../lib/types.ts';
import {
  CHROMIUM_PATH,
  freshContext,
  hasChromium,
  type LoadTiming,
  launchChromium,
  type ReadyProbe,
  readTiming,
  VIEWPORT,
  watchErrors,
} from './page-load.ts';
import { measureSizes, sizeMetrics } from './sizes.ts';

/** What one page is timed until, and how the test suite finds the same element. */
interface Target {
  url: string;
  probe: ReadyProbe;
  confirm: (page: Page) => Promise<void>;
  resourceSuffix?: string;
}

interface ColdWarm {
  cold: LoadTiming;
  warm: LoadTiming;
  errors: string[];
}

/** A fresh context loads the page (cold), then reloads it (warm); the context is dropped. */
async function coldAndWarm(browser: Browser, target: Target): Promise<ColdWarm> {
  const context = await freshContext(browser, target.probe);
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(target.url, { waitUntil: 'load' });
    await target.confirm(page);
    const cold = await readTiming(page, target.resourceSuffix);
    await page.reload({ waitUntil: 'load' });
    await target.confirm(page);
    const warm = await readTiming(page, target.resourceSuffix);
    return { cold, warm, errors };
  } finally {
    await context.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `<key>.p50_ms` and `<key>.max_ms` over the runs. */
function timing(metrics: Record<string, Metric>, key: string, label: string, values: number[]) {
  metrics[`${key}.p50_ms`] = { value: median(values), unit: 'ms', label: `${label} p50` };
  metrics[`${key}.max_ms`] = { value: Math.max(...values), unit: 'ms', label: `${label} max` };
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
    const app: Target = {
      url: `${base}/app`,
      probe: { host: null, selector: 'form.login-card' },
      confirm: (page) => page.getByLabel('Email').waitFor({ state: 'visible', timeout: 20_000 }),
    };
    const widget: Target = {
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

    for (const phase of ['cold', 'warm'] as const) {
      const loads = appRuns.map((r) => r[phase]);
      const of = (pick: (t: LoadTiming) => number) => loads.map(pick);
      const p = `app.${phase}`;
      const l = `/app ${phase}:`;
      timing(
        metrics,
        `${p}.response_end`,
        `${l} HTML responseEnd`,
        of((t) => t.responseEndMs),
      );
      timing(
        metrics,
        `${p}.dcl`,
        `${l} DOMContentLoaded`,
        of((t) => t.domContentLoadedMs),
      );
      timing(
        metrics,
        `${p}.load`,
        `${l} load event`,
        of((t) => t.loadMs),
      );
      timing(
        metrics,
        `${p}.fcp`,
        `${l} first contentful paint`,
        of((t) => t.firstContentfulPaintMs),
      );
      timing(
        metrics,
        `${p}.login_visible`,
        `${l} login form visible`,
        of((t) => t.readyMs),
      );
      metrics[`${p}.requests`] = { value: median(of((t) => t.requests)), unit: 'count' };
      metrics[`${p}.transfer_bytes`] = {
        value: median(of((t) => t.transferBytes)),
        unit: 'B',
        label: `${l} bytes transferred (Resource Timing, headers included)`,
      };
    }
    const scriptEnd = widgetRuns.map((r) => r.cold.resourceEndMs!);
    timing(metrics, 'widget.cold.script_end', 'demo cold: /widget.js responseEnd', scriptEnd);
    for (const phase of ['cold', 'warm'] as const) {
      timing(
        metrics,
        `widget.${phase}.launcher_visible`,
        `demo ${phase}: widget launcher visible`,
        widgetRuns.map((r) => r[phase].readyMs),
      );
    }
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
