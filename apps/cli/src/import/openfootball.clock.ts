import type { Period } from '@touchline/domain';
import { MINUTE_TEXT } from './openfootball.schema';

/** Where a goal sits on Touchline's match clock. */
export type GoalClock = { period: Exclude<Period, 'PSO'>; minute: number; stoppage: number };

const MAX_STOPPAGE = 30;
/** The minutes where a period ends, and so where stoppage time is added. */
const PERIOD_ENDS: ReadonlyArray<{ minute: number; period: GoalClock['period']; extraTime: boolean }> = [
  { minute: 45, period: '1H', extraTime: false },
  { minute: 90, period: '2H', extraTime: false },
  { minute: 105, period: 'ET1', extraTime: true },
  { minute: 120, period: 'ET2', extraTime: true },
];

/**
 * Reads a goal's time: `minute` as a number or text ("90+4", "67'"), plus the format's `offset`
 * (added time). Returns the clock point, or why it cannot be one.
 *
 * Minutes past the last period without a written offset are read as added time
 * (93 in a match without extra time is 90+3; 122 with it is 120+2).
 */
export function goalClock(
  raw: number | string,
  offset: number | undefined,
  extraTime: boolean,
): GoalClock | string {
  const read = readMinute(raw, offset);
  if (typeof read === 'string') return read;
  let { minute, added } = read;
  const last = extraTime ? 120 : 90;
  if (added === 0 && minute > last) {
    added = minute - last;
    minute = last;
  }
  if (added > MAX_STOPPAGE) return `${minute}+${added}: more than ${MAX_STOPPAGE} minutes of added time`;
  if (added > 0) {
    const end = PERIOD_ENDS.find((p) => p.minute === minute);
    if (!end) return `${minute}+${added}: time is only added at 45, 90, 105 or 120`;
    if (end.extraTime && !extraTime) return `${minute}+${added}: extra time was not played`;
    return { period: end.period, minute, stoppage: added };
  }
  const within = PERIOD_ENDS.find((p) => minute <= p.minute)!;
  return { period: within.period, minute, stoppage: 0 };
}

function readMinute(
  raw: number | string,
  offset: number | undefined,
): { minute: number; added: number } | string {
  if (typeof raw === 'number') return { minute: raw, added: offset ?? 0 };
  const m = MINUTE_TEXT.exec(raw.trim());
  if (!m) return `"${raw}" is not a minute`;
  const written = m[2] === undefined ? undefined : Number(m[2]);
  if (written !== undefined && offset !== undefined && written !== offset)
    return `"${raw}" disagrees with its offset ${offset}`;
  return { minute: Number(m[1]), added: written ?? offset ?? 0 };
}

/** Order of goals on the clock: period, then minute, then added time. */
export function clockOrder(a: GoalClock, b: GoalClock): number {
  const period =
    PERIOD_ENDS.findIndex((p) => p.period === a.period) - PERIOD_ENDS.findIndex((p) => p.period === b.period);
  return period || a.minute - b.minute || a.stoppage - b.stoppage;
}
