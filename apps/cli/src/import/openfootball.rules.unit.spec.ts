import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyDecided, evolveMatch, type InPlayEvent } from '@touchline/domain';
import type { PlannedMatch } from './import.plan';
import { planOpenfootballImport } from './openfootball.parse';
import { ruleBreak } from './plan.rules-check';

const NOW = '2026-01-01T00:00:00Z';

type Pair = [number, number];
type RawMatch = { score: { ft: Pair; et?: Pair; p?: Pair } };

/** The match after its planned events, folded by the domain as the projector will. */
function finalState(m: PlannedMatch) {
  const scheduled = evolveMatch(null, { type: 'MatchScheduled', ...m.match, seq: 1, recordedAt: NOW });
  return applyDecided(scheduled, m.events, NOW);
}

describe.each([
  ['worldcup-2022.json', 64],
  ['euro-2020.json', 51],
])('the matches planned from %s', (file, count) => {
  const json: unknown = JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', '..', 'tests', 'fixtures', 'openfootball', file), 'utf8'),
  );
  const raw =
    'matches' in (json as object)
      ? (json as { matches: RawMatch[] }).matches
      : (json as { rounds: Array<{ matches: RawMatch[] }> }).rounds.flatMap((r) => r.matches);
  const plan = planOpenfootballImport(json, { competition: 'C', tiebreakers: 'fifa' });

  it('are all accepted by the match rules, knockouts with their one-leg tie included', () => {
    expect(plan.rejected).toEqual([]);
    expect(plan.matches).toHaveLength(count);
    for (const m of plan.matches)
      expect({ match: m.label, broken: ruleBreak(m) }).toEqual({ match: m.label, broken: null });
  });

  it('end finished at the published score, after extra time and with the shootout where there was one', () => {
    plan.matches.forEach((m, i) => {
      const state = finalState(m);
      const { ft, et, p } = raw[i].score;
      const final = et ?? ft;
      expect({ match: m.label, status: state.status, score: state.score, shootout: state.shootout }).toEqual({
        match: m.label,
        status: 'finished',
        score: { home: final[0], away: final[1] },
        shootout: p ? { home: p[0], away: p[1] } : null,
      });
      expect(state.goalsByPeriod['1H'].home + state.goalsByPeriod['2H'].home).toBe(ft[0]);
      expect(state.goalsByPeriod['1H'].away + state.goalsByPeriod['2H'].away).toBe(ft[1]);
    });
  });
});

describe('the rules check before anything is posted', () => {
  const [final] = planOpenfootballImport(
    {
      name: 'One final',
      matches: [
        {
          round: 'Final',
          date: '2022-12-18',
          team1: 'Argentina',
          team2: 'France',
          score: { ft: [0, 0], et: [0, 0], p: [4, 2] },
        },
      ],
    },
    { competition: 'F', tiebreakers: 'fifa' },
  ).matches;

  it('names the event and the rule a match would break', () => {
    const kicks = final.events.filter((e) => e.type === 'ShootoutKick');
    const outOfTurn: InPlayEvent[] = final.events.map((e) =>
      e === kicks[1] ? { ...kicks[0], eventId: 'again' } : e,
    );
    expect(ruleBreak({ ...final, events: outOfTurn })).toBe(
      'event 11 (ShootoutKick) breaks the rule shootout-kick-out-of-turn: argentina took the last kick; the other side kicks next',
    );
    const untied: PlannedMatch = {
      label: final.label,
      match: { ...final.match, tieId: undefined, leg: undefined },
      events: final.events,
    };
    expect(ruleBreak(untied)).toMatch(/^event 5 \(PeriodStarted\) breaks the rule period-not-needed/);
  });
});
