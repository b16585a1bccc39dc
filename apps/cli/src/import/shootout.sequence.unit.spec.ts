import { shootoutOutcome } from '@touchline/domain';
import { shootoutSequence, type Kick } from './shootout.sequence';

/** Replays kicks through the domain's own shootout reading, kick by kick. */
function replay(kicks: Kick[]) {
  return kicks.map((_, i) =>
    shootoutOutcome(
      kicks.slice(0, i + 1).map((k, j) => ({ seq: j + 1, team: k.side, player: `p${j}`, scored: k.scored })),
      'home',
      'away',
    ),
  );
}

const render = (kicks: Kick[]) =>
  kicks.map((k) => `${k.side === 'home' ? 'H' : 'A'}${k.scored ? 'o' : 'x'}`).join(' ');

describe('a shootout kick sequence from the published score', () => {
  it.each([
    [4, 2, 'Ho Ao Ho Ao Ho Ax Ho Ax'], // Argentina v France, 2022: decided at the away side's 4th kick
    [4, 3, 'Ho Ao Ho Ao Ho Ao Ho Ax Hx Ax'],
    [3, 2, 'Ho Ao Ho Ao Ho Ax Hx Ax Hx Ax'], // Italy v England, Euro 2020
    [5, 4, 'Ho Ao Ho Ao Ho Ao Ho Ao Ho Ax'],
    [6, 5, 'Ho Ao Ho Ao Ho Ao Ho Ao Ho Ao Ho Ax'], // sudden death
    [3, 0, 'Ho Ax Ho Ax Ho Ax'],
    [1, 3, 'Ho Ao Hx Ao Hx Ao Hx'], // Japan v Croatia, 2022: the home side loses at its 4th kick
    [4, 5, 'Ho Ao Ho Ao Ho Ao Ho Ao Hx Ao'], // France v Switzerland, Euro 2020
  ])('%i-%i: alternating, home first, ending exactly when decided', (home, away, expected) => {
    const kicks = shootoutSequence({ home, away });
    expect(kicks).not.toBeNull();
    expect(render(kicks!)).toBe(expected);
    const states = replay(kicks!);
    expect(states.slice(0, -1).every((s) => s.winner === null)).toBe(true);
    const last = states[states.length - 1];
    expect(last.score).toEqual({ home, away });
    expect(last.winner).toBe(home > away ? 'home' : 'away');
    kicks!.forEach((k, i) => expect(k.side).toBe(i % 2 === 0 ? 'home' : 'away'));
  });

  it('lets the away side kick first when told to', () => {
    const kicks = shootoutSequence({ home: 4, away: 2 }, 'away')!;
    expect(kicks[0].side).toBe('away');
    const last = replay(kicks).pop()!;
    expect(last).toEqual({ score: { home: 4, away: 2 }, winner: 'home' });
  });

  it.each([
    [4, 4], // a shootout never ends level
    [5, 1], // decided at 4-1 already
    [0, 4], // decided at 0-3
    [7, 3],
  ])('%i-%i: no sequence ends there', (home, away) => {
    expect(shootoutSequence({ home, away })).toBeNull();
  });
});
