import type { Score } from '@touchline/domain';
import { goalClock, type GoalClock } from './openfootball.clock';
import { teamRef, type TeamRef } from './openfootball.names';
import { matchSchema, type OpenfootballGoal, type OpenfootballMatch } from './openfootball.schema';
import { shootoutSequence, type Kick, type Side } from './shootout.sequence';

/** A goal as Touchline counts it: `side` is the side whose score rises (for an own goal too). */
export interface SidedGoal {
  side: Side;
  player: string;
  kind: 'open_play' | 'penalty' | 'own_goal';
  clock: GoalClock;
}

export interface MatchResult {
  goals: SidedGoal[];
  extraTime: boolean;
  shootout: Kick[] | null;
}

/** One match of the file, read and checked; `result` is null for a match not played yet. */
export interface ReadMatch {
  label: string;
  num: number;
  round?: string;
  group?: string;
  kickoffAt: string;
  home: TeamRef;
  away: TeamRef;
  knockout: boolean;
  result: MatchResult | null;
  notes: string[];
}

export type Reading = { ok: true; match: ReadMatch } | { ok: false; label: string; problems: string[] };

export interface MatchPosition {
  /** 1-based position in the file, the match's number when it has none of its own. */
  position: number;
  /** The round a `rounds` entry gives its matches. */
  round?: string;
  /** Whether the file has groups: then a match outside them is a knockout. */
  fileHasGroups: boolean;
}

/** Reads one raw match: shape first (zod), then whether its goals, score and shootout agree. */
export function readMatch(raw: unknown, at: MatchPosition): Reading {
  const parsed = matchSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'match'}: ${i.message}`);
    return { ok: false, label: rawLabel(raw, at), problems };
  }
  const m = parsed.data;
  const label = labelOf(m, at);
  const problems: string[] = [];
  const home = teamRef(m.team1);
  const away = teamRef(m.team2);
  if (!home) problems.push('team1: cannot make a team id from its name or code');
  if (!away) problems.push('team2: cannot make a team id from its name or code');
  if (home && away && home.id === away.id) problems.push(`team1 and team2 are the same team (${home.id})`);
  const kickoffAt = kickoffOf(m.date, m.time);
  if (!kickoffAt) problems.push(`time: "${m.time}" is not a time of day`);
  const knockout =
    m.group === undefined && (at.fileHasGroups || m.score?.et !== undefined || m.score?.p !== undefined);
  const notes: string[] = [];
  const result = m.score ? readResult(m, knockout, problems, notes) : null;
  if (!m.score && ((m.goals1?.length ?? 0) > 0 || (m.goals2?.length ?? 0) > 0))
    problems.push('goals are listed but there is no score');
  if (problems.length > 0 || !home || !away || !kickoffAt) return { ok: false, label, problems };
  const round = m.round ?? at.round;
  const group = m.group?.replace(/^group\s+/i, '');
  return {
    ok: true,
    match: {
      label,
      num: m.num ?? at.position,
      ...(round !== undefined ? { round } : {}),
      ...(group !== undefined ? { group } : {}),
      kickoffAt,
      home,
      away,
      knockout,
      result,
      notes: notes.map((n) => `${label}: ${n}`),
    },
  };
}

function readResult(
  m: OpenfootballMatch,
  knockout: boolean,
  problems: string[],
  notes: string[],
): MatchResult | null {
  const { ft, et, p } = m.score!;
  const final = et ?? ft;
  const extraTime = et !== undefined;
  if (!knockout && (et || p)) problems.push('extra time or penalties in a match that is not a knockout');
  if (et && ft[0] !== ft[1])
    problems.push(`extra time after ${ft[0]}-${ft[1]}: only a level match goes to extra time`);
  if (et && (et[0] < ft[0] || et[1] < ft[1]))
    problems.push(`score after extra time ${et[0]}-${et[1]} is below the 90-minute score`);

  let lists: [OpenfootballGoal[], OpenfootballGoal[]] = [m.goals1 ?? [], m.goals2 ?? []];
  const fits = (a: OpenfootballGoal[], b: OpenfootballGoal[]) =>
    a.length === final[0] && b.length === final[1];
  if (!fits(...lists)) {
    if (fits(lists[1], lists[0])) {
      lists = [lists[1], lists[0]];
      notes.push(
        `goals1 and goals2 contradict the score ${final[0]}-${final[1]} and fit it swapped: read swapped`,
      );
    } else {
      problems.push(
        `goals1 and goals2 list ${lists[0].length}-${lists[1].length} goals but the score is ${final[0]}-${final[1]}`,
      );
    }
  }
  const goals: SidedGoal[] = [];
  lists.forEach((list, i) => {
    const listed: Side = i === 0 ? 'home' : 'away';
    list.forEach((g, j) => {
      const clock = goalClock(g.minute, g.offset, extraTime);
      if (typeof clock === 'string') {
        problems.push(`goals${i + 1}[${j}] (${g.name}): ${clock}`);
        return;
      }
      const kind = g.owngoal ? 'own_goal' : g.penalty ? 'penalty' : 'open_play';
      goals.push({ side: listed, player: g.name, kind, clock });
    });
  });
  const regulation = countBySide(goals.filter((g) => g.clock.period === '1H' || g.clock.period === '2H'));
  if (problems.length === 0 && (regulation.home !== ft[0] || regulation.away !== ft[1]))
    problems.push(
      `goals within 90 minutes make ${regulation.home}-${regulation.away} but the 90-minute score is ${ft[0]}-${ft[1]}`,
    );

  let shootout: Kick[] | null = null;
  if (p) {
    if (final[0] !== final[1])
      problems.push(`penalties after ${final[0]}-${final[1]}: only a level match goes to penalties`);
    shootout = shootoutSequence({ home: p[0], away: p[1] });
    if (!shootout) problems.push(`penalties ${p[0]}-${p[1]}: no shootout ends on that score`);
  } else if (knockout && final[0] === final[1]) {
    problems.push(`a knockout match level at ${final[0]}-${final[1]} needs a penalty score (score.p)`);
  }
  return { goals, extraTime, shootout };
}

function countBySide(goals: SidedGoal[]): Score {
  return {
    home: goals.filter((g) => g.side === 'home').length,
    away: goals.filter((g) => g.side === 'away').length,
  };
}

/** kickoffAt from the date and local time; a time without a zone is taken as UTC. */
function kickoffOf(date: string, time: string | undefined): string | null {
  if (time === undefined) return `${date}T00:00:00Z`;
  const t = /^(\d{1,2}):(\d{2})(?:\s*UTC\s*([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(time.trim());
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) return null;
  const zone = t[3] ? `${t[3]}${t[4].padStart(2, '0')}:${t[5] ?? '00'}` : 'Z';
  return `${date}T${t[1].padStart(2, '0')}:${t[2]}:00${zone}`;
}

const teamName = (t: unknown): string =>
  typeof t === 'string' ? t : typeof t === 'object' && t !== null && 'name' in t ? String(t.name) : '?';

function labelOf(m: OpenfootballMatch, at: MatchPosition): string {
  return describe(m.num ?? at.position, m.round ?? at.round, m.date, teamName(m.team1), teamName(m.team2));
}

/** The best name for a match too broken to read: whatever of its number, round, date and teams is there. */
function rawLabel(raw: unknown, at: MatchPosition): string {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const num = typeof r.num === 'number' ? r.num : at.position;
  const round = typeof r.round === 'string' ? r.round : at.round;
  const date = typeof r.date === 'string' ? r.date : undefined;
  return describe(num, round, date, teamName(r.team1), teamName(r.team2));
}

function describe(
  num: number,
  round: string | undefined,
  date: string | undefined,
  t1: string,
  t2: string,
): string {
  const where = [round, date].filter(Boolean).join(', ');
  return `match ${num}${where ? ` (${where})` : ''}: ${t1} v ${t2}`;
}
