/**
 * Text normalisation shared by training and inference: NFKC (which also folds
 * full-width ASCII such as `ＡＢＣ１２３` to `ABC123` and the ideographic space),
 * lower case, optional digit mapping, collapsed whitespace.
 */
export function normalizeText(text: string, mapDigits: boolean): string {
  let out = text.normalize('NFKC').toLowerCase();
  // Traditional full stops and other ideographic punctuation are not folded by NFKC.
  out = out.replace(/[\u3000\u00a0]/g, ' ');
  if (mapDigits) out = out.replace(/\d/g, '0');
  return out.replace(/\s+/g, ' ').trim();
}
