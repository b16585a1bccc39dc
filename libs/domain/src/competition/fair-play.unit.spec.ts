import { fairPlayOfMatch, type CardKind } from './fair-play';

const cards = (team: string, player: string, ...shown: CardKind[]) =>
  shown.map((card) => ({ team, player, card }));

describe('fair play of a match (FIFA team conduct, one deduction per player per match)', () => {
  it.each<[string, CardKind[], number]>([
    ['a yellow', ['yellow'], -1],
    ['a second yellow (indirect red): -3, not -1 -3', ['yellow', 'second_yellow'], -3],
    ['a second yellow recorded without its first', ['second_yellow'], -3],
    ['two yellows recorded as plain yellows are an indirect red', ['yellow', 'yellow'], -3],
    ['a direct red', ['red'], -4],
    ['a yellow then a direct red: -5, not -1 -4', ['yellow', 'red'], -5],
    [
      'a second yellow then a direct red counts as yellow + direct red',
      ['yellow', 'second_yellow', 'red'],
      -5,
    ],
  ])('given %s to one player, then the team loses %d', (_, shown, expected) => {
    expect(fairPlayOfMatch(cards('JPN', 'Hasebe', ...shown))).toEqual({ JPN: expected });
  });

  it('given cards to several players, then each player is one deduction and the team sums them', () => {
    const shown = [
      ...cards('SEN', 'Niang', 'yellow'),
      ...cards('SEN', 'Sabaly', 'yellow'),
      ...cards('SEN', "N'Doye", 'yellow'),
      ...cards('JPN', 'Inui', 'yellow'),
      ...cards('JPN', 'Hasebe', 'yellow'),
    ];
    // Japan 2-2 Senegal, World Cup 2018: three Senegal and two Japan players booked.
    expect(fairPlayOfMatch(shown)).toEqual({ SEN: -3, JPN: -2 });
  });

  it('given two teams with a player of the same name, then they are two players', () => {
    const shown = [...cards('A', 'Silva', 'yellow'), ...cards('B', 'Silva', 'yellow')];
    expect(fairPlayOfMatch(shown)).toEqual({ A: -1, B: -1 });
  });

  it('given the cards in any order, then the deduction is the same', () => {
    expect(fairPlayOfMatch(cards('A', 'X', 'red', 'yellow'))).toEqual({ A: -5 });
    expect(fairPlayOfMatch(cards('A', 'X', 'second_yellow', 'yellow'))).toEqual({ A: -3 });
  });

  it('given no cards, then no team appears', () => {
    expect(fairPlayOfMatch([])).toEqual({});
  });
});
