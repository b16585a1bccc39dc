import { counts, tallyOf, type Tally } from './standings.tally';
import { thirdPlacedOf } from './standings.third-placed';
import { rankTeams } from './standings.tiebreakers';
import type { Standings, StandingsRow, StandingsRules, StandingsTable, TableMatch } from './standings.types';

/**
 * A competition's tables: one per group (a league's matches have no group: one table, `group`
 * null, last). Every team of a group's matches has a row, played 0 until a match of theirs
 * counts. Finished matches count, and live ones at their current score, flagging the rows of
 * both teams and the table `live`. Scheduled and abandoned matches count nothing. The input is
 * only the matches that belong in tables (the matches of a knockout tie never do).
 */
export function computeStandings(matches: readonly TableMatch[], rules: StandingsRules): Standings {
  const tables = [...groupsOf(matches)]
    .sort(([a], [b]) => compareGroups(a, b))
    .map(([group, ofGroup]) => tableOf(group, ofGroup, rules));
  return { tables, thirdPlaced: thirdPlacedOf(tables) };
}

function groupsOf(matches: readonly TableMatch[]): Map<string | null, TableMatch[]> {
  const groups = new Map<string | null, TableMatch[]>();
  for (const m of matches) {
    const list = groups.get(m.group) ?? [];
    list.push(m);
    groups.set(m.group, list);
  }
  return groups;
}

function tableOf(
  group: string | null,
  matches: readonly TableMatch[],
  rules: StandingsRules,
): StandingsTable {
  const teams = [...new Set(matches.flatMap((m) => [m.homeTeam, m.awayTeam]))];
  const counted = matches.filter(counts);
  const overall = tallyOf(teams, counted, rules.points);
  const ranked = rankTeams(rules.tiebreakers, { overall, matches: counted, points: rules.points });
  const rows = ranked.map(({ team, lots }, i) => rowOf(i + 1, overall.get(team)!, lots));
  return { group, live: rows.some((r) => r.live), rows };
}

function rowOf(pos: number, t: Tally, lots: boolean): StandingsRow {
  const { team, played, won, drawn, lost, goalsFor, goalsAgainst, points, fairPlay, live } = t;
  const goalDifference = goalsFor - goalsAgainst;
  return {
    pos,
    team,
    played,
    won,
    drawn,
    lost,
    goalsFor,
    goalsAgainst,
    goalDifference,
    points,
    fairPlay,
    live,
    lots,
  };
}

/** Groups in name order ("Group 2" before "Group 10"); the table without a group last. */
const collator = new Intl.Collator('en', { numeric: true });
function compareGroups(a: string | null, b: string | null): number {
  if (a === null || b === null) return (a === null ? 1 : 0) - (b === null ? 1 : 0);
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
