/**
 * Where a JSON text stops being valid. `JSON.parse` in Bun says what it expected but not
 * where; a tenant fixing a large upload needs the line. A small validating scanner
 * (no values built), run only after `JSON.parse` failed.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MAX_DEPTH = 512;

/** Line and column (1-based) of the first error in `text`, or null when it is valid JSON. */
export function jsonErrorPosition(text: string): { line: number; column: number } | null {
  const at = firstErrorOffset(text);
  if (at === null) return null;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}

function firstErrorOffset(text: string): number | null {
  let i = 0;
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  // Containers still open: '{' or '['; `expect` is what must come next.
  const stack: string[] = [];
  let expect: 'value' | 'key' | 'after-value' | 'colon' = 'value';
  for (;;) {
    skip();
    const ch = text[i];
    if (expect === 'value' || expect === 'key') {
      if (ch === undefined) return i;
      if (expect === 'key' && ch === '}' && text[i - 1] !== ',' && prevNonSpace(text, i) === '{') {
        stack.pop();
        i++;
        expect = 'after-value';
      } else if (expect === 'value' && ch === ']' && prevNonSpace(text, i) === '[') {
        stack.pop();
        i++;
        expect = 'after-value';
      } else if (ch === '"') {
        const end = stringEnd(text, i);
        if (end < 0) return -end;
        i = end;
        expect = expect === 'key' ? 'colon' : 'after-value';
      } else if (expect === 'key') {
        return i;
      } else if (ch === '{' || ch === '[') {
        if (stack.length >= MAX_DEPTH) return i;
        stack.push(ch);
        i++;
        expect = ch === '{' ? 'key' : 'value';
      } else {
        const literal = LITERALS.find((word) => text.startsWith(word, i));
        if (literal) i += literal.length;
        else {
          NUMBER.lastIndex = i;
          if (!NUMBER.test(text)) return i;
          i = NUMBER.lastIndex;
        }
        expect = 'after-value';
      }
    } else if (expect === 'colon') {
      if (ch !== ':') return i;
      i++;
      expect = 'value';
    } else {
      const open = stack.at(-1);
      if (open === undefined) return ch === undefined ? null : i;
      if (ch === ',') {
        i++;
        expect = open === '{' ? 'key' : 'value';
      } else if ((open === '{' && ch === '}') || (open === '[' && ch === ']')) {
        stack.pop();
        i++;
      } else return i;
    }
  }
}

function prevNonSpace(text: string, i: number): string | undefined {
  let j = i - 1;
  while (j >= 0 && WHITESPACE.has(text[j]!)) j--;
  return text[j];
}

/** Offset after the string starting at `i`, or minus the offset of its error. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (ch === 0x22) return j + 1;
    if (ch < 0x20) return -j;
    if (ch === 0x5c) {
      const next = text[j + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return -j;
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) j++;
      else return -j;
    }
  }
  return -text.length;
}
