import fc from 'fast-check';
import { AWAY, ev, given, HOME, play, tieSetup } from '../testing/match.given.spec';
import type { InPlayEvent } from './match-event.types';
import { decideMatch } from '../play/match.decide';
import { evolveMatch } from './match.evolve';
import { shootoutOutcome } from './match.shootout';

const rules = { awayGoals: 'none', extraTime: false, penalties: true } as const;
// Leg 1 AWAY 1-0 HOME; leg 2 HOME 1-0 AWAY in regulation: level, straight to penalties.
const setup = tieSetup(rules, [ev.goal(AWAY.id, 'x', 60)]);
const toShootout: InPlayEvent[] = [
  ev.start('1H', 0),
  ev.end('1H', 45),
  ev.start('2H', 45),
  ev.goal(HOME.id, 'y', 70),
  ev.end('2H', 90, 3),
  ev.start('PSO'),
];
const inShootout = (kicks: InPlayEvent[] = []) =>
  given([...toShootout, ...kicks], { match: setup.match, ctx: setup.ctx });

describe('penalty shootout', () => {
  it('alternates strictly, whoever kicks first', () => {
    inShootout([ev.kick(AWAY.id, true)])
      .when(ev.kick(AWAY.id, true))
      .then('shootout-kick-out-of-turn');
    const k = ev.kick(HOME.id, false);
    inShootout([ev.kick(AWAY.id, true)])
      .when(k)
      .then([k]);
  });

  it('is decided as soon as one side cannot be caught, then refuses kicks', () => {
    const kicks = [
      ev.kick(HOME.id, true),
      ev.kick(AWAY.id, false),
      ev.kick(HOME.id, true),
      ev.kick(AWAY.id, false),
      ev.kick(HOME.id, true),
      ev.kick(AWAY.id, false),
    ];
    const s = inShootout(kicks).state;
    expect(s.shootout).toEqual({ home: 3, away: 0 });
    expect(s.shootoutWinner).toBe(HOME.id);
    inShootout(kicks).when(ev.kick(HOME.id, true)).then('shootout-decided');
  });

  it('goes to sudden death after five each', () => {
    const five = Array.from({ length: 5 }, () => [ev.kick(HOME.id, true), ev.kick(AWAY.id, true)]).flat();
    expect(inShootout(five).state.shootoutWinner).toBeNull();
    expect(inShootout([...five, ev.kick(HOME.id, false)]).state.shootoutWinner).toBeNull();
    expect(inShootout([...five, ev.kick(HOME.id, false), ev.kick(AWAY.id, true)]).state.shootoutWinner).toBe(
      AWAY.id,
    );
  });

  it('takes kicks only during PSO, and no goals during it', () => {
    given([ev.start('1H', 0)])
      .when(ev.kick(HOME.id, true))
      .then('shootout-not-in-progress');
    inShootout()
      .when(ev.goal(HOME.id, 'z', 120))
      .then('shootout-in-progress');
  });

  it('property: once decided, no kick sequence changes the winner', () => {
    const base = play(toShootout, setup.match, setup.ctx);
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        (results, homeFirst) => {
          let s = base;
          let winner: string | null = null;
          results.forEach((scored, i) => {
            const team = (i % 2 === 0) === homeFirst ? HOME.id : AWAY.id;
            const kick = ev.kick(team, scored);
            const d = decideMatch(s, [kick], setup.ctx, '2025-01-01T00:00:00Z');
            if (winner !== null) {
              expect(d).toMatchObject({ ok: false, violation: { rule: 'shootout-decided' } });
              return;
            }
            expect(d.ok).toBe(true);
            s = evolveMatch(s, { ...kick, seq: s.version + 1, recordedAt: '2025-01-01T00:00:00Z' });
            winner = s.shootoutWinner;
          });
          expect(s.shootoutWinner).toBe(winner);
          expect(shootoutOutcome(s.shootoutKicks, HOME.id, AWAY.id).winner).toBe(winner);
        },
      ),
    );
  });
});
