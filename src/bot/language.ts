/** Language of a customer message, for choosing the answer template. */

export type Language = 'zh' | 'en';

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /\p{Script=Latin}+/gu;

/**
 * 'zh' when the text has at least as many Chinese characters as Latin words (so
 * "我的order到哪了" and "iPhone 15 有货吗" are Chinese), otherwise 'en'. Text with
 * neither (emoji, digits) gets `fallback`.
 * @example detectLanguage('where is my 订单') // 'en'
 */
export function detectLanguage(text: string, fallback: Language = 'en'): Language {
  const normalized = text.normalize('NFKC');
  const han = normalized.match(HAN)?.length ?? 0;
  const latinWords = normalized.match(LATIN_WORD)?.length ?? 0;
  if (han === 0 && latinWords === 0) return fallback;
  return han >= latinWords ? 'zh' : 'en';
}
