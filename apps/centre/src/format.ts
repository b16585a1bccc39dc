import type { MatchStatus, MatchView, Period, TieStanding } from './api.js';

/** 90+3' */
export function clock(minute: number | null, stoppage: number | null): string {
  if (minute === null) return '';
  return stoppage ? `${minute}+${stoppage}'` : `${minute}'`;
}

const PERIODS: Record<Period, string> = {
  '1H': 'First half',
  '2H': 'Second half',
  ET1: 'Extra time, first half',
  ET2: 'Extra time, second half',
  PSO: 'Penalty shoot-out',
};

export const periodName = (p: Period | null): string => (p ? PERIODS[p] : '');

/** What the period line says: the period, or the match's status when that says more. */
export function periodLine(view: Pick<MatchView, 'status' | 'period'>): string {
  if (view.status === 'scheduled') return 'Not started';
  if (view.status === 'finished') return 'Full time';
  if (view.status === 'abandoned') return 'Abandoned';
  return periodName(view.period);
}

export const STATUS_TEXT: Record<MatchStatus, string> = {
  scheduled: 'Scheduled',
  live: 'Live',
  finished: 'Full time',
  abandoned: 'Abandoned',
};

const dateTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** An instant in the viewer's own time zone (the browser's). */
export const localTime = (iso: string): string => dateTime.format(new Date(iso));

export const scoreText = (home: number, away: number): string => `${home}–${away}`;

/** Team ids to display names, from whatever matches are at hand. */
export class TeamNames {
  private readonly names = new Map<string, string>();

  add(...teams: Array<{ id: string; name: string }>): this {
    for (const t of teams) this.names.set(t.id, t.name);
    return this;
  }

  of(id: string | null | undefined): string {
    if (!id) return '';
    return this.names.get(id) ?? id;
  }
}

function pair(tally: Record<string, number>, a: string, b: string): string {
  return scoreText(tally[a] ?? 0, tally[b] ?? 0);
}

/**
 * The tie in one sentence: who goes through (or would, if it ended now) and why. Before the
 * last leg has started it only says who leads.
 */
export function tieLine(t: TieStanding, names: TeamNames, lastLegPeriod: Period | null = null): string {
  const first = t.legs[0];
  const a = first?.homeTeam ?? Object.keys(t.aggregate)[0] ?? '';
  const b = first?.awayTeam ?? Object.keys(t.aggregate)[1] ?? '';
  const aggregate = `aggregate ${names.of(a)} ${pair(t.aggregate, a, b)} ${names.of(b)}`;
  const why = (leader: string): string => {
    switch (t.reason) {
      case 'away_goals':
        return `on away goals (${aggregate}; away goals ${pair(t.awayGoals, leader, other(leader))})`;
      case 'penalties':
        return `on penalties (${t.shootout ? pair(t.shootout, leader, other(leader)) : ''}; ${aggregate})`;
      default:
        return `on aggregate (${aggregate})`;
    }
  };
  const other = (team: string) => (team === a ? b : a);
  if (t.decided && t.winner) return `${names.of(t.winner)} go through ${why(t.winner)}`;
  const last = t.legs[t.legs.length - 1];
  const lastLegStarted = last?.status === 'live' || last?.status === 'finished';
  if (!lastLegStarted) {
    if (!t.leader) return `Level: ${aggregate}`;
    return `${names.of(t.leader)} lead ${why(t.leader)}`;
  }
  if (!t.leader) {
    const inExtraTime = lastLegPeriod === 'ET1' || lastLegPeriod === 'ET2' || lastLegPeriod === 'PSO';
    const next =
      t.rules.extraTime && !inExtraTime ? 'extra time' : t.rules.penalties ? 'penalties' : 'no winner yet';
    return `If it ended now: level (${aggregate}), so ${next}`;
  }
  return `If it ended now: ${names.of(t.leader)} would go through ${why(t.leader)}`;
}
