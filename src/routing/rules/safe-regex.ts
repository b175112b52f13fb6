/**
 * Refuses regular expressions that can backtrack catastrophically. JavaScript regexes
 * cannot be interrupted, so a rule like `(a+)+$` would freeze the server on a crafted
 * message: anything with a quantified group that itself contains an unbounded quantifier
 * (star height > 1), and back-references, are refused.
 */

const UNBOUNDED = /^(\*|\+|\{\d+,\})/;

export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'iu');
  } catch (error) {
    return `does not compile: ${(error as Error).message}`;
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not allowed';
  // Stack of "does this open group contain an unbounded quantifier?"
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') stack.push(false);
    else if (ch === ')') {
      const inner = stack.pop() ?? false;
      const after = pattern.slice(i + 1);
      const quantified = UNBOUNDED.test(after);
      if (inner && quantified)
        return 'nested unbounded quantifiers (e.g. (a+)+) can freeze the server';
      if ((inner || quantified) && stack.length > 0) stack[stack.length - 1] = true;
    } else if (UNBOUNDED.test(pattern.slice(i)) && stack.length > 0) {
      stack[stack.length - 1] = true;
    }
  }
  return undefined;
}
