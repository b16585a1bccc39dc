import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyDecided, decideMatch, evolveMatch } from '@touchline/domain';
import type { PlannedMatch } from './import.plan';
import { planOpenfootballImport } from './openfootball.parse';

const NOW = '2026-01-01T00:00:00Z';

/** Plays a planned match through the domain's own rules, as the server will on the one atomic post. */
function play(m: PlannedMatch) {
  const scheduled = evolveMatch(null, { type: 'MatchScheduled', ...m.match, seq: 1, recordedAt: NOW });
  const decision = decideMatch(scheduled, m.events, {}, NOW);
  return { decision, state: decision.ok ? applyDecided(scheduled, m.events, NOW) : null };
}

describe.each([
  ['worldcup-2022.json', 48],
  ['euro-2020.json', 36],
])('the group matches planned from %s', (file, groupMatches) => {
  const json: unknown = JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', '..', 'tests', 'fixtures', 'openfootball', file), 'utf8'),
  );
  const raw =
    'matches' in (json as object)
      ? (json as { matches: RawMatch[] }).matches
      : (json as { rounds: Array<{ matches: RawMatch[] }> }).rounds.flatMap((r) => r.matches);
  const plan = planOpenfootballImport(json, { competition: 'C', tiebreakers: 'fifa' });
  const inGroups = plan.matches.filter((m) => m.match.group !== undefined);

  it('are accepted by the match rules whole, and end finished at the published score', () => {
    expect(inGroups).toHaveLength(groupMatches);
    inGroups.forEach((m) => {
      const { decision, state } = play(m);
      expect({ match: m.label, ok: decision.ok }).toEqual({ match: m.label, ok: true });
      const published = raw[plan.matches.indexOf(m)].score.ft;
      expect({ match: m.label, status: state!.status, score: state!.score }).toEqual({
        match: m.label,
        status: 'finished',
        score: { home: published[0], away: published[1] },
      });
    });
  });
});

type RawMatch = { score: { ft: [number, number] } };
