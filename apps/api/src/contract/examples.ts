/**
 * Real examples for the documents: the Inter Miami v LAFC quarter-final second leg (2025), the
 * story the product is built to tell. A unit test holds them equal to the demo fixture.
 */
export const EXAMPLE_TIE = {
  tieId: 'ccc-2025-qf-lafc-mia',
  competition: 'CCC',
  legs: ['ccc-2025-qf-lafc-mia-1', 'ccc-2025-qf-mia-lafc-2'],
  rules: { awayGoals: 'regulation', extraTime: true, penalties: true },
};

export const EXAMPLE_MATCH = {
  matchId: 'ccc-2025-qf-mia-lafc-2',
  competition: 'CCC',
  homeTeam: { id: 'MIA', name: 'Inter Miami CF' },
  awayTeam: { id: 'LAFC', name: 'Los Angeles FC' },
  kickoffAt: '2025-04-10T00:00:00Z',
  tieId: 'ccc-2025-qf-lafc-mia',
  leg: 2,
};

/** Events of that match, as posted. */
export const EXAMPLE_EVENTS = {
  goal: {
    type: 'GoalScored',
    eventId: 'mia-lafc-2-goal-long-9',
    minute: 9,
    team: 'LAFC',
    player: 'Aaron Long',
    kind: 'open_play',
  },
  disallowed: {
    type: 'GoalDisallowed',
    eventId: 'mia-lafc-2-disallowed-messi-fk-20',
    minute: 20,
    goalEventId: 'mia-lafc-2-goal-messi-fk-19',
    reason: 'other',
  },
  varStarted: {
    type: 'VarReviewStarted',
    eventId: 'mia-lafc-2-var-2-start',
    minute: 81,
    reviewId: 'mia-lafc-2-var-2',
    incident: 'penalty',
  },
  varCompleted: {
    type: 'VarReviewCompleted',
    eventId: 'mia-lafc-2-var-2-done',
    minute: 83,
    reviewId: 'mia-lafc-2-var-2',
    outcome: 'confirmed',
    decision: 'penalty',
  },
  penalty: {
    type: 'PenaltyAwarded',
    eventId: 'mia-lafc-2-penalty-mia-83',
    minute: 83,
    team: 'MIA',
    offender: 'Marlon',
    reason: 'handball',
  },
  penaltyGoal: {
    type: 'GoalScored',
    eventId: 'mia-lafc-2-goal-messi-pen-84',
    minute: 84,
    team: 'MIA',
    player: 'Lionel Messi',
    kind: 'penalty',
  },
};

/** `GET /ties/{id}` once the second leg had ended 3-1 (3-2 on aggregate). */
export const EXAMPLE_TIE_STANDING = {
  ...EXAMPLE_TIE,
  legs: [
    {
      leg: 1,
      matchId: 'ccc-2025-qf-lafc-mia-1',
      homeTeam: 'LAFC',
      awayTeam: 'MIA',
      score: { home: 1, away: 0 },
      status: 'finished',
      version: 9,
    },
    {
      leg: 2,
      matchId: 'ccc-2025-qf-mia-lafc-2',
      homeTeam: 'MIA',
      awayTeam: 'LAFC',
      score: { home: 3, away: 1 },
      status: 'finished',
      version: 21,
    },
  ],
  aggregate: { LAFC: 2, MIA: 3 },
  awayGoals: { LAFC: 1, MIA: 0 },
  leader: 'MIA',
  reason: 'aggregate',
  decided: true,
  winner: 'MIA',
  shootout: null,
};
