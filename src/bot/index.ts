/**
 * The bot domain's door: pure decision logic over a prediction, the tenant's answers and
 * FAQ, and the conversation's facts. No I/O.
 */
export {
  answerText,
  type BotAnswers,
  BotAnswersSchema,
  type IntentAnswer,
  parseAnswers,
  renderTemplate,
} from './answers.ts';
export {
  type ConversationFacts,
  type DecideInput,
  type Decision,
  decide,
  type HandoffReason,
  nextFacts,
} from './decide.ts';
export { isExplicitHumanRequest } from './explicit.ts';
export { type FaqArticle, type FaqHit, FaqIndex, faqTokens } from './faq.ts';
export { detectLanguage, type Language } from './language.ts';
