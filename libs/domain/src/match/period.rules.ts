import type { Period } from './match-event.types';

export const PERIOD_ORDER: readonly Period[] = ['1H', '2H', 'ET1', 'ET2', 'PSO'];
export const REGULATION: readonly Period[] = ['1H', '2H'];
export const EXTRA_TIME: readonly Period[] = ['ET1', 'ET2'];

/** Minutes a period spans; stoppage time is added at `to` only. */
export const PERIOD_RANGE: Record<Period, { from: number; to: number }> = {
  '1H': { from: 0, to: 45 },
  '2H': { from: 45, to: 90 },
  ET1: { from: 90, to: 105 },
  ET2: { from: 105, to: 120 },
  PSO: { from: 120, to: 120 },
};

export function periodIndex(p: Period | null): number {
  return p === null ? -1 : PERIOD_ORDER.indexOf(p);
}

/** Null when `minute`/`stoppage` fit the period, else why not. */
export function clockOutsidePeriod(
  p: Period,
  minute: number | undefined,
  stoppage: number | undefined,
  slack = 0,
): string | null {
  if (minute === undefined) return null;
  const { from, to } = PERIOD_RANGE[p];
  const added = stoppage ?? 0;
  if (p === 'PSO')
    return minute === 120 && added === 0 ? null : 'shootout events carry minute 120 or no minute';
  if (minute < from || minute > to + slack) return `minute ${minute} is outside ${p} (${from}-${to})`;
  if (added > 0 && minute !== to) return `stoppage time is only added at minute ${to} in ${p}`;
  return null;
}

/** The periods that may structurally follow the last ended one (rules of the tie decide ET/PSO). */
export function nextPeriods(lastEnded: Period | null): Period[] {
  switch (lastEnded) {
    case null:
      return ['1H'];
    case '1H':
      return ['2H'];
    case '2H':
      return ['ET1', 'PSO'];
    case 'ET1':
      return ['ET2'];
    case 'ET2':
      return ['PSO'];
    case 'PSO':
      return [];
    default: {
      const never: never = lastEnded;
      return never;
    }
  }
}
