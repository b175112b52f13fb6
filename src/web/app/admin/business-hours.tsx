/** @jsxImportSource preact */
/**
 * A weekly schedule in a time zone, with holidays (skill groups and SLA policies share it).
 * `null` means always open.
 */
import { useState } from 'preact/hooks';
import type { BusinessHoursJson } from '../api.ts';
import { lang, t } from '../i18n.ts';

/** Monday first, as people read a week; the schedule keys days 0 (Sunday) … 6. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

export function defaultHours(): BusinessHoursJson {
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const weekday: [string, string][] = [['09:00', '18:00']];
  return {
    timezone,
    weekly: { '1': weekday, '2': weekday, '3': weekday, '4': weekday, '5': weekday },
    holidays: [],
  };
}

function dayName(day: number): string {
  // 2024-01-07 was a Sunday.
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', { weekday: 'long' }).format(
    new Date(Date.UTC(2024, 0, 7 + day, 12)),
  );
}

function zones(current: string): string[] {
  const all =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
  return all.includes(current) ? all : [current, ...all];
}

export function BusinessHoursEditor(props: {
  value: BusinessHoursJson | null;
  onChange(value: BusinessHoursJson | null): void;
  idPrefix: string;
}) {
  const { value } = props;
  const [holiday, setHoliday] = useState('');
  const set = (patch: Partial<BusinessHoursJson>) => props.onChange({ ...value!, ...patch });
  const setDay = (day: number, ranges: [string, string][]) => {
    const weekly = { ...value!.weekly };
    if (ranges.length) weekly[String(day)] = ranges;
    else delete weekly[String(day)];
    set({ weekly });
  };
  return (
    <fieldset class="hours">
      <legend>{t('businessHours')}</legend>
      <label class="toggle">
        <input
          type="checkbox"
          checked={value !== null}
          onChange={(e) => props.onChange(e.currentTarget.checked ? defaultHours() : null)}
        />
        {t('useHours')}
      </label>
      {value && (
        <>
          <div class="field">
            <label for={`${props.idPrefix}-tz`}>{t('timezone')}</label>
            <select
              id={`${props.idPrefix}-tz`}
              value={value.timezone}
              onChange={(e) => set({ timezone: e.currentTarget.value })}
            >
              {zones(value.timezone).map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </div>
          <table class="table hours-table">
            <tbody>
              {WEEK.map((day) => {
                const ranges = value.weekly[String(day)] ?? [];
                const name = dayName(day);
                return (
                  <tr key={day} data-day={day}>
                    <th scope="row">{name}</th>
                    <td>
                      {ranges.length === 0 && <span class="muted">{t('closedDay')}</span>}
                      {ranges.map(([from, to], i) => (
                        <span class="range" key={i}>
                          <input
                            type="time"
                            aria-label={`${name} ${t('from')}`}
                            value={from}
                            onInput={(e) =>
                              setDay(
                                day,
                                ranges.map((r, j) => (j === i ? [e.currentTarget.value, r[1]] : r)),
                              )
                            }
                          />
                          –
                          <input
                            type="time"
                            aria-label={`${name} ${t('to')}`}
                            value={to}
                            onInput={(e) =>
                              setDay(
                                day,
                                ranges.map((r, j) => (j === i ? [r[0], e.currentTarget.value] : r)),
                              )
                            }
                          />
                          <button
                            type="button"
                            class="ghost small icon"
                            aria-label={t('removeHours', { day: name, from, to })}
                            onClick={() =>
                              setDay(
                                day,
                                ranges.filter((_, j) => j !== i),
                              )
                            }
                          >
                            ✕
                          </button>
                        </span>
                      ))}
                      <button
                        type="button"
                        class="link"
                        aria-label={`${t('addHours')}: ${name}`}
                        onClick={() => setDay(day, [...ranges, ['09:00', '18:00']])}
                      >
                        + {t('addHours')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button
            type="button"
            class="ghost small"
            onClick={() => {
              const monday = value.weekly['1'] ?? [];
              const weekly = { ...value.weekly };
              for (const day of ['2', '3', '4', '5']) {
                if (monday.length) weekly[day] = monday.map((r) => [...r] as [string, string]);
                else delete weekly[day];
              }
              set({ weekly });
            }}
          >
            {t('copyWeekdays')}
          </button>
          <div class="holidays">
            <span class="field-label">{t('holidays')}</span>
            <ul class="chips">
              {value.holidays.map((date) => (
                <li key={date} class="chip">
                  {date}
                  <button
                    type="button"
                    class="chip-x"
                    aria-label={t('removeHoliday', { date })}
                    onClick={() => set({ holidays: value.holidays.filter((d) => d !== date) })}
                  >
                    ✕
                  </button>
                </li>
              ))}
            </ul>
            <span class="inline">
              <input
                id={`${props.idPrefix}-holiday`}
                type="date"
                aria-label={t('addHoliday')}
                value={holiday}
                onInput={(e) => setHoliday(e.currentTarget.value)}
              />
              <button
                type="button"
                class="ghost small"
                disabled={!holiday || value.holidays.includes(holiday)}
                onClick={() => {
                  set({ holidays: [...value.holidays, holiday].sort() });
                  setHoliday('');
                }}
              >
                {t('addHoliday')}
              </button>
            </span>
          </div>
        </>
      )}
    </fieldset>
  );
}
