/**
 * The widget's styles, applied inside its Shadow DOM (the host page's CSS cannot reach in,
 * ours cannot leak out). `--kefu-accent` can be set from the tag's `data-color`.
 */
export const WIDGET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.root {
  --kefu-ink: #1b1f1d; --kefu-muted: #56615b; --kefu-line: #dfe4e1; --kefu-soft: #f2f5f3;
  --kefu-bot: #eef3fb; --kefu-bot-line: #3b63b5; --kefu-warn: #fff1c2; --kefu-focus: #1a5fd0;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Microsoft YaHei",
    "Noto Sans CJK SC", sans-serif;
  color: var(--kefu-ink);
}
button, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid var(--kefu-focus); outline-offset: 2px; }
.launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  width: 58px; height: 58px; border-radius: 50%; border: 0; cursor: pointer;
  background: var(--kefu-accent); color: #fff; box-shadow: 0 6px 20px rgba(0,0,0,.25);
  display: grid; place-items: center;
}
.launcher svg { width: 28px; height: 28px; }
.badge {
  position: absolute; top: -4px; right: -4px; min-width: 22px; height: 22px; padding: 0 6px;
  border-radius: 11px; background: #c62828; color: #fff; font-size: 12px; font-weight: 700;
  line-height: 22px; text-align: center; border: 2px solid #fff;
}
.panel {
  position: fixed; right: 20px; bottom: 92px; z-index: 2147483001;
  width: 370px; height: min(600px, calc(100vh - 120px)); background: #fff;
  border-radius: 14px; box-shadow: 0 12px 40px rgba(0,0,0,.28); overflow: hidden;
  display: flex; flex-direction: column;
}
.head { background: var(--kefu-accent); color: #fff; padding: 14px 16px; display: flex;
  align-items: flex-start; gap: 12px; }
.head h2 { margin: 0; font-size: 17px; font-weight: 650; }
.head p { margin: 2px 0 0; font-size: 13px; opacity: .95; }
.head .x { margin-left: auto; background: transparent; border: 0; color: #fff; cursor: pointer;
  width: 32px; height: 32px; border-radius: 8px; font-size: 22px; line-height: 1; }
.head .x:hover { background: rgba(255,255,255,.16); }
.offline { background: var(--kefu-warn); color: #5a4300; padding: 6px 16px; font-size: 13px;
  border-bottom: 1px solid #ecd98f; }
.log { flex: 1; overflow-y: auto; padding: 14px 14px 6px; margin: 0; list-style: none;
  background: var(--kefu-soft); }
.item { display: flex; flex-direction: column; margin: 0 0 10px; }
.item.mine { align-items: flex-end; }
.item.theirs { align-items: flex-start; }
.bubble { max-width: 82%; padding: 8px 12px; border-radius: 14px; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.mine .bubble { background: var(--kefu-accent); color: #fff; border-bottom-right-radius: 4px; }
.agent .bubble { background: #fff; border: 1px solid var(--kefu-line); border-bottom-left-radius: 4px; }
.bot .bubble { background: var(--kefu-bot); border: 1px solid #cdd9f0;
  border-left: 4px solid var(--kefu-bot-line); border-bottom-left-radius: 4px; }
.system { align-items: center; }
.system .bubble { background: transparent; color: var(--kefu-muted); font-size: 13px;
  font-style: italic; text-align: center; padding: 2px 8px; }
.meta { font-size: 12px; color: var(--kefu-muted); margin: 2px 4px 0; }
.who { font-size: 12px; font-weight: 600; color: var(--kefu-muted); margin: 0 4px 2px; }
.bot .who { color: var(--kefu-bot-line); }
.failed { color: #b3261e; }
.linkish { background: none; border: 0; padding: 0; color: var(--kefu-focus); cursor: pointer;
  text-decoration: underline; font-size: 12px; }
.typing { min-height: 20px; padding: 0 16px; font-size: 13px; color: var(--kefu-muted);
  background: var(--kefu-soft); }
.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid var(--kefu-line);
  background: #fff; align-items: flex-end; }
.composer textarea { flex: 1; resize: none; border: 1px solid #b9c2bd; border-radius: 10px;
  padding: 8px 10px; min-height: 40px; max-height: 120px; background: #fff; }
.composer button { border: 0; border-radius: 10px; padding: 0 16px; height: 40px; cursor: pointer;
  background: var(--kefu-accent); color: #fff; font-weight: 600; }
.composer button:disabled { opacity: .55; cursor: default; }
.head .place { font-weight: 650; }
.csat { align-items: stretch; }
.rating { background: #fff; border: 1px solid var(--kefu-line); border-radius: 12px; padding: 10px 12px;
  display: flex; flex-direction: column; gap: 8px; }
.rating fieldset { border: 0; margin: 0; padding: 0; }
.rating legend { font-weight: 650; padding: 0; margin-bottom: 4px; }
.stars { display: flex; gap: 2px; }
.stars label { position: relative; cursor: pointer; font-size: 30px; line-height: 1; color: #7d8782;
  padding: 0 2px; border-radius: 6px; }
.stars label.on { color: #b7791f; }
.stars input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.stars label:has(input:focus-visible) { outline: 3px solid var(--kefu-focus); outline-offset: 1px; }
.score-word { margin: 2px 0 0; min-height: 18px; font-size: 13px; color: var(--kefu-muted); }
.rating textarea { resize: vertical; border: 1px solid #b9c2bd; border-radius: 8px; padding: 6px 8px;
  min-height: 40px; }
.rating button { align-self: flex-end; border: 0; border-radius: 10px; padding: 8px 14px; cursor: pointer;
  background: var(--kefu-accent); color: #fff; font-weight: 600; }
.rating button:disabled { opacity: .55; cursor: default; }
.thanks { margin: 0; text-align: center; color: var(--kefu-muted); font-size: 14px; }
.thanks .done { color: #b7791f; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
@media (max-width: 480px) {
  .panel { inset: 0; width: auto; height: auto; border-radius: 0; }
  .launcher.hidden { display: none; }
}
`;
