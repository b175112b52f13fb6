/**
 * Explicit requests for a human ("人工", "转人工", "talk to a human", "agent"). They hand
 * off even when the intent model misses them: a customer who asks for a person and gets
 * a bot answer is the worst outcome.
 */
import { normalizeText } from '../intent/index.ts';

const ZH =
  /(转|找|要|接|叫)?人工(?!智能|费)|真人|客服人员|人工客服|转接客服|找个?客服|不要机器人|别.{0,4}机器人/;
const EN_ALONE =
  /^(an? )?(human|agent|operator|representative|rep|person|real person|live agent|human agent)( please| pls| now)?[.!? ]*$/;
const EN_PHRASE =
  /\b(talk|speak|chat|connect|transfer|put)\b.{0,24}\b(human|agent|person|someone|somebody|representative|operator|staff|manager|real people)\b|\b(real|live|actual) (person|human|agent)\b|\bhuman agent\b|\bcustomer service (rep|representative|agent)\b|\b(stop|no more)( the)? (bot|robot)\b/;

/** True when `text` asks to talk to a person. */
export function isExplicitHumanRequest(text: string): boolean {
  const normalized = normalizeText(text, false);
  return ZH.test(normalized) || EN_ALONE.test(normalized) || EN_PHRASE.test(normalized);
}
