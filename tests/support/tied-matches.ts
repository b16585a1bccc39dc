import { partitionOfStream as partitionOf } from '@touchline/event-store';
import { MatchScript, scriptMatch } from './match-script';

const TEAMS = ['ARS', 'BAR', 'CEL', 'DOR', 'EVE', 'FIO', 'GAL', 'HAM'];

/**
 * Long scripted matches for projector tests: first `ties` two-legged ties (`<prefix>-t<n>`), their
 * legs on different partitions so that their order across partitions is arbitrary, then the
 * plain matches `matchIds`. Schedules the ties through `post`; returns every match's script.
 */
export async function scriptTiesAndMatches(opts: {
  prefix: string;
  competition: string;
  ties: number;
  partitions: number;
  matchIds: string[];
  post: (path: string, body: unknown) => Promise<unknown>;
}): Promise<MatchScript[]> {
  const { prefix, competition, partitions } = opts;
  const legIds: string[] = [];
  for (let t = 0; t < opts.ties; t++) {
    const leg1 = `${prefix}-t${t}-leg1`;
    let leg2 = `${prefix}-t${t}-leg2`;
    for (
      let i = 0;
      partitionOf(`match:${leg2}`, partitions) === partitionOf(`match:${leg1}`, partitions);
      i++
    )
      leg2 = `${prefix}-t${t}-leg2-${i}`;
    legIds.push(leg1, leg2);
    await opts.post('/ties', {
      tieId: `${prefix}-t${t}`,
      competition,
      legs: [leg1, leg2],
      rules: { awayGoals: 'regulation', extraTime: false, penalties: false },
    });
  }
  return [...legIds, ...opts.matchIds].map((matchId, i) => {
    const home = TEAMS[i % TEAMS.length];
    const away = TEAMS[(i + 3) % TEAMS.length];
    if (i >= legIds.length) return scriptMatch({ matchId, competition, home, away, seed: i + 1 });
    const leg = ((i % 2) + 1) as 1 | 2;
    // The second leg is played the other way round.
    const [h, a] =
      leg === 1 ? [home, away] : [TEAMS[(i - 1 + 3) % TEAMS.length], TEAMS[(i - 1) % TEAMS.length]];
    return scriptMatch({
      matchId,
      competition,
      home: h,
      away: a,
      seed: i + 1,
      tieId: `${prefix}-t${Math.floor(i / 2)}`,
      leg,
    });
  });
}
