/**
 * Test support, not a test (named `.spec.ts` so the build leaves it out): the group matches of
 * an openfootball file (public domain, github.com/openfootball) as table matches. Reads both
 * shapes of the format: a flat `matches` list with team names, and `rounds` with team objects
 * `{ name, code }` (the code is then the team id).
 */
import type { TableMatch } from '../standings.types';

type OpenTeam = string | { name: string; code: string };
interface OpenMatch {
  team1: OpenTeam;
  team2: OpenTeam;
  score: { ft: number[] };
  group?: string;
}
export interface OpenFootballFile {
  matches?: OpenMatch[];
  rounds?: { name: string; matches: OpenMatch[] }[];
}

const idOf = (t: OpenTeam): string => (typeof t === 'string' ? t : t.code);

export function groupMatchesOf(file: OpenFootballFile): TableMatch[] {
  const all = file.matches ?? (file.rounds ?? []).flatMap((r) => r.matches);
  return all
    .filter((m) => m.group !== undefined)
    .map((m, i) => ({
      matchId: `m${i + 1}`,
      group: m.group!,
      homeTeam: idOf(m.team1),
      awayTeam: idOf(m.team2),
      status: 'finished',
      score: { home: m.score.ft[0], away: m.score.ft[1] },
      fairPlay: { home: 0, away: 0 },
    }));
}
