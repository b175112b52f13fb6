/** Shapes of JSON columns, shared by both dialect schemas. */
import type { BotAnswers } from '../../bot/answers.ts';
import type { EvaluationReport, TrainMetrics } from '../../intent/index.ts';

export type {
  BotAnswers as BotAnswersJson,
  EvaluationReport as EvaluationJson,
  TrainMetrics as TrainMetricsJson,
};

/** One training example of a tenant's dataset. */
export interface ExampleJson {
  text: string;
  label: string;
}

/** A weekly schedule: day (0 = Sunday) → [from, to] "HH:MM" ranges, in `timezone`. */
export interface BusinessHoursJson {
  timezone: string;
  weekly: Record<string, [string, string][]>;
  holidays: string[];
}

/** SLA minutes by priority. */
export type SlaTargetsJson = Record<
  string,
  { firstResponseMin?: number; nextResponseMin?: number; resolutionMin?: number }
>;

/**
 * Where a conversation's replies go: set by the channel of the customer's last message.
 * `account` is the channel account (e.g. a WeChat channel id), `address` the customer on it
 * (openid, email address, external id); email also keeps the thread it answers.
 */
export interface ReplyRouteJson {
  account?: string;
  address?: string;
  /** The message id being answered (email `Message-ID`). */
  thread?: string;
  subject?: string;
}
