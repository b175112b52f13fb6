/**
 * The workspace's words in English and Chinese. The language comes from the saved choice,
 * else from `navigator.language`; `t('key', { n: 3 })` fills `{n}`.
 */

import * as admin from './words/admin.ts';
import * as core from './words/core.ts';
import * as dashboard from './words/dashboard.ts';
import * as rules from './words/rules.ts';
import * as tickets from './words/tickets.ts';
import * as workspace from './words/workspace.ts';

/** Every area's words, merged: each area file keeps English and Chinese side by side. */
const en = {
  ...core.en,
  ...workspace.en,
  ...tickets.en,
  ...dashboard.en,
  ...rules.en,
  ...admin.en,
};

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  ...core.zh,
  ...workspace.zh,
  ...tickets.zh,
  ...dashboard.zh,
  ...rules.zh,
  ...admin.zh,
};

export type Lang = 'en' | 'zh';
const DICTIONARIES: Record<Lang, Record<Key, string>> = { en, zh };
const STORAGE_KEY = 'kefu.lang';

export let lang: Lang = initialLang();

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    // storage forbidden: fall through
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function setLang(next: Lang): void {
  lang = next;
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered, still switched
  }
}

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  return DICTIONARIES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(vars[name] ?? ''),
  );
}

/** `12:04`, or a date when not today. */
export function formatTime(epochMs: number): string {
  const date = new Date(epochMs);
  const today = new Date().toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', {
    ...(today ? {} : { month: 'short', day: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** `3 min`, `2 h`: how long ago. */
export function formatAge(epochMs: number, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - epochMs) / 60_000));
  const rtf = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', {
    style: 'unit',
    unitDisplay: 'narrow',
    unit: minutes < 60 ? 'minute' : minutes < 60 * 48 ? 'hour' : 'day',
  });
  if (minutes < 60) return rtf.format(minutes);
  if (minutes < 60 * 48) return rtf.format(Math.round(minutes / 60));
  return rtf.format(Math.round(minutes / 1440));
}
