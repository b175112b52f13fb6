/** Shapes of JSON columns, shared by both dialect schemas. */

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
