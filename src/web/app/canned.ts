/**
 * Canned responses in the reply box, without any DOM: the `/word` being typed, the
 * responses it matches, and the draft with the chosen one put in its place.
 */
import type { Canned } from './api.ts';

export interface SlashToken {
  /** Where the `/` is. */
  start: number;
  /** What follows it, up to the caret. */
  query: string;
}

/** A `/word` ending at the caret, typed at the start of the draft or after a space. */
export function slashToken(draft: string, caret: number): SlashToken | undefined {
  const before = draft.slice(0, caret);
  const match = /(^|\s)\/([^\s/]*)$/u.exec(before);
  if (!match) return undefined;
  return { start: before.length - match[2]!.length - 1, query: match[2]! };
}

/** Shortcuts starting with the query first, then any shortcut or title containing it. */
export function filterCanned(list: readonly Canned[], query: string, max = 8): Canned[] {
  const q = query.toLowerCase();
  const starts = list.filter((c) => c.shortcut.toLowerCase().startsWith(q));
  const contains = list.filter(
    (c) =>
      !starts.includes(c) &&
      (c.shortcut.toLowerCase().includes(q) || c.title.toLowerCase().includes(q)),
  );
  return [...starts, ...contains].slice(0, max);
}

/** The draft with the token replaced by `text`, and where the caret goes. */
export function replaceToken(
  draft: string,
  token: SlashToken,
  text: string,
): { draft: string; caret: number } {
  const end = token.start + 1 + token.query.length;
  const next = draft.slice(0, token.start) + text + draft.slice(end);
  return { draft: next, caret: token.start + text.length };
}
