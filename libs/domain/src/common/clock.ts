/** A point on the match clock: `90+3` is `{ minute: 90, stoppage: 3 }`. */
export type ClockPoint = { minute: number; stoppage: number };

const CLOCK = /^(\d{1,3})(?:\+(\d{1,2}))?$/;

/** Parses "84" or "90+3" (the `at` query parameter); null when malformed or out of range. */
export function parseClock(s: string): ClockPoint | null {
  const m = CLOCK.exec(s.trim());
  if (!m) return null;
  const minute = Number(m[1]);
  const stoppage = m[2] === undefined ? 0 : Number(m[2]);
  if (minute > 130 || stoppage > 30) return null;
  return { minute, stoppage };
}

export function compareClock(a: ClockPoint, b: ClockPoint): number {
  return a.minute !== b.minute ? a.minute - b.minute : a.stoppage - b.stoppage;
}

export function formatClock(c: ClockPoint): string {
  return c.stoppage > 0 ? `${c.minute}+${c.stoppage}` : `${c.minute}`;
}
