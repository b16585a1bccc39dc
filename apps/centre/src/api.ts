/**
 * The public Touchline API as the page reads it: plain fetch and EventSource against this same
 * origin. The types below are the JSON documented at /docs, as far as the page uses it.
 */
export type Period = '1H' | '2H' | 'ET1' | 'ET2' | 'PSO';
export type MatchStatus = 'scheduled' | 'live' | 'finished' | 'abandoned';
export interface Score {
  home: number;
  away: number;
}
export interface Team {
  id: string;
  name: string;
}

/** GET /matches/{id} */
export interface MatchView {
  matchId: string;
  competition: string;
  tieId: string | null;
  leg: number | null;
  homeTeam: Team;
  awayTeam: Team;
  kickoffAt: string | null;
  status: MatchStatus;
  period: Period | null;
  minute: number | null;
  stoppage: number | null;
  score: Score;
  shootout: Score | null;
  version: number;
  lastRecordedAt: string | null;
}

/** One entry of GET /matches/{id}/timeline: the fields below plus the event's own. */
export interface TimelineEntry {
  seq: number;
  type: string;
  minute: number | null;
  stoppage: number | null;
  period: Period | null;
  recordedAt: string;
  scoreAfter: Score;
  shootoutAfter: Score | null;
  corrected: boolean;
  counts?: boolean;
  disallowed?: { reason: string; seq: number } | null;
  review?: { outcome: 'confirmed' | 'overturned' | null; decision: string | null };
  [field: string]: unknown;
}

export interface Timeline {
  matchId: string;
  version: number;
  score: Score;
  events: TimelineEntry[];
}

/** GET /ties/{id}: "who goes through if it ended now, and why". */
export interface TieStanding {
  tieId: string;
  competition: string;
  rules: { awayGoals: string; extraTime: boolean; penalties: boolean };
  legs: Array<{
    leg: number;
    matchId: string;
    homeTeam: string | null;
    awayTeam: string | null;
    score: Score | null;
    status: MatchStatus | null;
    /** The leg's version the standing was read at (GET /ties answers carry it; live events do not). */
    version?: number | null;
  }>;
  aggregate: Record<string, number>;
  awayGoals: Record<string, number>;
  leader: string | null;
  reason: 'aggregate' | 'away_goals' | 'penalties' | 'level';
  decided: boolean;
  winner: string | null;
  shootout: Record<string, number> | null;
}

/**
 * Whether a GET /ties answer was read before version `seq` of leg `matchId`: a live event that
 * overtook it has shown the page something newer, which the answer must not undo.
 */
export function tieReadBefore(tie: TieStanding, matchId: string, seq: number): boolean {
  const version = tie.legs.find((l) => l.matchId === matchId)?.version;
  return typeof version === 'number' && version < seq;
}

/** One message of the live and replay Server-Sent Event streams. */
export interface StreamedEvent {
  seq: number;
  event: { type: string; [field: string]: unknown };
  state: MatchView;
  tie: TieStanding | null;
}

export interface Snapshot {
  seq: number;
  state: MatchView | null;
}

export interface ScorerLine {
  player: string;
  team: string;
  goals: number;
}

/** GET /competitions/{c}/matches */
export interface Fixture {
  matchId: string;
  round: string | null;
  group: string | null;
  tieId: string | null;
  homeTeam: Team;
  awayTeam: Team;
  kickoffAt: string | null;
  status: MatchStatus;
  score: Score;
  shootout: Score | null;
}

export interface StandingsRow {
  pos: number;
  team: string;
  played: number;
  won: number;
  drawn: number;
  lost: number;
  goalsFor: number;
  goalsAgainst: number;
  goalDifference: number;
  points: number;
  fairPlay: number;
  live: boolean;
  lots: boolean;
}

/** GET /competitions/{c}/standings */
export interface Standings {
  competition: string;
  tables: Array<{ group: string | null; live: boolean; rows: StandingsRow[] }>;
  thirdPlaced: StandingsRow[] | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const path = (...parts: string[]): string => '/' + parts.map(encodeURIComponent).join('/');

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const title = (body as { title?: string } | null)?.title;
    throw new ApiError(res.status, title ?? `HTTP ${res.status}`);
  }
  return body as T;
}
