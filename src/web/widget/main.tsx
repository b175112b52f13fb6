/** @jsxImportSource preact */
/**
 * The chat widget, loaded on a customer's site with
 * `<script src="https://HOST/widget.js" data-widget-key="wk_…" async></script>`.
 * It renders into a Shadow DOM (the page's CSS and ours stay apart) and talks to the kefu
 * that served the script: the WebSocket URL comes from the script's own `src`.
 * Optional: `data-lang="zh"|"en"`, `data-color="#1f6f5c"`.
 */
import { render } from 'preact';
import { WidgetController } from './controller.ts';
import { wordsFor } from './i18n.ts';
import { Widget } from './panel.tsx';
import { WIDGET_CSS } from './styles.ts';

const DEFAULT_ACCENT = '#1f6f5c';

// Read while the script runs: `currentScript` is gone after the first await.
const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-widget-key]');

function mount(tag: HTMLScriptElement): void {
  const widgetKey = tag.dataset.widgetKey;
  if (!widgetKey) {
    console.warn('kefu widget: the script tag has no data-widget-key');
    return;
  }
  const marker = window as { kefuWidgetLoaded?: boolean };
  if (marker.kefuWidgetLoaded) return;
  marker.kefuWidgetLoaded = true;

  const src = new URL(tag.src, location.href);
  const wsBase = `${src.protocol === 'https:' ? 'wss:' : 'ws:'}//${src.host}`;
  const color = tag.dataset.color ?? '';
  const accent = /^#[0-9a-f]{3,8}$/i.test(color) ? color : DEFAULT_ACCENT;

  // A tag of our own with its inherited styles reset: page rules for `div` never match it.
  const host = document.createElement('kefu-widget');
  host.style.setProperty('all', 'initial', 'important');
  document.body.appendChild(host);
  const shadow = host.attachShadow({ mode: 'open' });
  if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    // Constructed style sheets are not inline <style>: strict host CSPs allow them.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = WIDGET_CSS;
    shadow.appendChild(style);
  }

  // Preact owns this element only (it would remove a <style> sibling it did not render).
  const mountPoint = shadow.appendChild(document.createElement('div'));
  const ctl = new WidgetController(widgetKey, wsBase);
  render(
    <Widget ctl={ctl} words={wordsFor(tag.dataset.lang ?? navigator.language)} accent={accent} />,
    mountPoint,
  );
  ctl.start();
}

if (script) {
  if (document.body) mount(script);
  else document.addEventListener('DOMContentLoaded', () => mount(script), { once: true });
}
