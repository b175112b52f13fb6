/**
 * Business hours: a weekly schedule in a time zone, with holidays. Pure functions over
 * epoch milliseconds; the time zone arithmetic goes through Intl, so DST is handled.
 */
import type { BusinessHoursJson } from '../store/index.ts';

export type BusinessHours = BusinessHoursJson;

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Local date (YYYY-MM-DD), weekday (0 = Sunday) and minute of day at `at` in the zone. */
export function localTime(
  at: number,
  timeZone: string,
): { date: string; weekday: number; minute: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday!] ?? 0,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const toMinute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The open ranges of the local day, in minutes of the day. */
function rangesOf(hours: BusinessHours, date: string, weekday: number): [number, number][] {
  if (hours.holidays.includes(date)) return [];
  return (hours.weekly[String(weekday)] ?? []).map(([from, to]) => [toMinute(from), toMinute(to)]);
}

/** Open at `at`? No schedule means always open. */
export function isOpen(hours: BusinessHours | null | undefined, at: number): boolean {
  if (!hours) return true;
  const t = localTime(at, hours.timezone);
  return rangesOf(hours, t.date, t.weekday).some(([from, to]) => t.minute >= from && t.minute < to);
}

/**
 * The moment `minutes` of business time after `start` (SLA due times). Walks minute
 * ranges day by day; no schedule means plain wall-clock minutes.
 */
export function addBusinessMinutes(
  start: number,
  minutes: number,
  hours: BusinessHours | null | undefined,
): number {
  if (!hours) return start + minutes * 60_000;
  if (!Object.values(hours.weekly).some((r) => r.length > 0)) return start + minutes * 60_000;
  let remaining = minutes;
  let cursor = start;
  for (let day = 0; day < 366 * 2; day++) {
    const t = localTime(cursor, hours.timezone);
    const dayStart = cursor - t.minute * 60_000 - (cursor % 60_000);
    for (const [from, to] of rangesOf(hours, t.date, t.weekday).sort((a, b) => a[0] - b[0])) {
      const begin = Math.max(from, t.minute);
      if (begin >= to) continue;
      const available = to - begin;
      if (remaining <= available) return dayStart + (begin + remaining) * 60_000;
      remaining -= available;
    }
    // Next local midnight (DST-safe enough: re-derived from the zone each day).
    cursor = dayStart + DAY_MS + 60_000;
    cursor -= localTime(cursor, hours.timezone).minute * 60_000;
  }
  return start + minutes * 60_000;
}

/** Validates a schedule; returns the problem or undefined. */
export function checkBusinessHours(hours: BusinessHours): string | undefined {
  try {
    formatter(hours.timezone);
  } catch {
    return `unknown time zone "${hours.timezone}"`;
  }
  for (const [day, ranges] of Object.entries(hours.weekly)) {
    if (!/^[0-6]$/.test(day)) return `weekly: day "${day}" must be 0 (Sunday) to 6`;
    for (const [from, to] of ranges) {
      if (!/^([01]\d|2[0-4]):[0-5]\d$/.test(from) || !/^([01]\d|2[0-4]):[0-5]\d$/.test(to)) {
        return `weekly[${day}]: times are "HH:MM"`;
      }
      if (toMinute(from) >= toMinute(to)) return `weekly[${day}]: ${from} is not before ${to}`;
    }
  }
  if (hours.holidays.some((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d)))
    return 'holidays are "YYYY-MM-DD"';
  return undefined;
}
