/**
 * `/demo/<widgetKey>`: a plain fake storefront with the tenant's widget tag, so a tenant can
 * try its widget at once. Every value put into the markup is escaped.
 */
import { escapeHtml } from '../html.ts';

const PRODUCTS = [
  { name: 'Longjing green tea', price: '¥68', hue: 95 },
  { name: 'Yunnan black tea', price: '¥54', hue: 18 },
  { name: 'Jasmine pearls', price: '¥82', hue: 48 },
  { name: 'Celadon teapot', price: '¥239', hue: 170 },
  { name: 'Bamboo tea tray', price: '¥159', hue: 35 },
  { name: 'Gift box, 4 teas', price: '¥199', hue: 330 },
];

/** The storefront page; `origin` is where this kefu is reached (for the copyable tag). */
export function renderDemoPage(widgetKey: string, origin: string): string {
  const key = escapeHtml(widgetKey);
  const tag = `<script src="${origin}/widget.js" data-widget-key="${widgetKey}" async></script>`;
  const products = PRODUCTS.map(
    (p) => `<li class="product">
        <div class="swatch" style="--hue:${p.hue}" aria-hidden="true"></div>
        <h3>${escapeHtml(p.name)}</h3>
        <p class="price">${escapeHtml(p.price)}</p>
        <button type="button">Add to cart</button>
      </li>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo store — kefu widget</title>
<link rel="icon" href="data:,">
<style>${STYLES}</style>
</head>
<body>
<aside class="demo-note" aria-label="About this page">
  <strong>kefu demo store.</strong> The chat button in the corner is your widget. Put this tag
  on your own site:
  <code>${escapeHtml(tag)}</code>
</aside>
<header class="shop-header">
  <span class="logo">Lanting Tea House</span>
  <nav aria-label="Shop"><a href="#teas">Teas</a> <a href="#teaware">Teaware</a> <a href="#about">About</a></nav>
</header>
<main>
  <section class="hero">
    <h1>Spring harvest is here</h1>
    <p>Hand-picked teas, shipped within 24 hours. Questions about your order? Ask us in the chat.</p>
  </section>
  <section id="teas" aria-label="Products">
    <ul class="products">
${products}
    </ul>
  </section>
</main>
<footer id="about">Lanting Tea House is not a real shop. Orders placed here go nowhere.</footer>
<script src="/widget.js" data-widget-key="${key}" async></script>
</body>
</html>
`;
}

/** The answer for a widget key kefu does not know. */
export function renderUnknownWidgetPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Unknown widget key</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLES}</style></head>
<body><main class="hero"><h1>Unknown widget key</h1>
<p>No tenant has this widget key. Check the key printed by <code>kefu tenant create</code>.</p>
</main></body></html>
`;
}

const STYLES = `
:root { --ink: #1f2a24; --muted: #55625a; --paper: #fbfaf6; --accent: #2f6b4f; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC",
  "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: var(--ink); background: var(--paper); }
a { color: var(--accent); }
.demo-note { background: #fff4c2; border-bottom: 1px solid #e7d58a; padding: 10px 20px;
  font-size: 14px; }
.demo-note code { display: block; margin-top: 6px; padding: 6px 8px; background: #fffbe6;
  border: 1px solid #e7d58a; border-radius: 4px; overflow-x: auto; white-space: nowrap; }
.shop-header { display: flex; justify-content: space-between; align-items: center; gap: 16px;
  padding: 16px 20px; border-bottom: 1px solid #e4e1d6; flex-wrap: wrap; }
.logo { font-weight: 700; font-size: 20px; letter-spacing: .02em; }
.shop-header nav a { margin-left: 16px; text-decoration: none; }
.hero { padding: 40px 20px 24px; max-width: 960px; margin: 0 auto; }
.hero h1 { margin: 0 0 8px; font-size: 32px; }
.hero p { margin: 0; color: var(--muted); max-width: 40em; }
.products { list-style: none; margin: 0 auto; padding: 0 20px 40px; max-width: 960px;
  display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 20px; }
.product { background: #fff; border: 1px solid #e4e1d6; border-radius: 10px; padding: 14px; }
.product h3 { margin: 10px 0 2px; font-size: 16px; }
.price { margin: 0 0 10px; color: var(--muted); }
.swatch { height: 120px; border-radius: 6px;
  background: linear-gradient(135deg, hsl(var(--hue) 45% 78%), hsl(var(--hue) 40% 52%)); }
.product button { font: inherit; padding: 6px 12px; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--accent); background: #fff; color: var(--accent); }
footer { padding: 24px 20px 96px; color: var(--muted); text-align: center; font-size: 14px; }
`;
