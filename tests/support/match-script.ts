/**
 * Seeded generator of long, valid matches for load and crash tests: goals of every kind, goals
 * disallowed, VAR reviews both ways, penalties, cards, substitutions, corrections and retractions.
 * It keeps to the rules the server enforces, so every post must be accepted.
 */
export type ScriptEvent = Record<string, unknown> & { type: string; eventId: string };

export interface MatchScript {
  schedule: Record<string, unknown>;
  /** Posted in order, each array atomically. */
  batches: ScriptEvent[][];
}

/** A seeded PRNG (mulberry32): reruns of a test draw the same plan. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Goal {
  eventId: string;
  counts: boolean;
  /** Referenced by a later event (disallowed, reviewed, corrected, a penalty): never retracted. */
  pinned: boolean;
}

export function scriptMatch(opts: {
  matchId: string;
  competition: string;
  home: string;
  away: string;
  seed: number;
  tieId?: string;
  leg?: 1 | 2;
}): MatchScript {
  const { matchId, home, away } = opts;
  const rnd = seededRandom(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  let n = 0;
  const id = (tag: string) => `${matchId}-${tag}-${++n}`;
  const events: ScriptEvent[] = [];
  const goals: Goal[] = [];
  const retractable: string[] = [];
  const push = (e: Omit<ScriptEvent, 'eventId'>, tag: string): string => {
    const eventId = id(tag);
    events.push({ eventId, ...e } as ScriptEvent);
    return eventId;
  };
  const other = (team: string) => (team === home ? away : home);
  const counting = () => goals.filter((g) => g.counts);

  const half = (period: '1H' | '2H', from: number, to: number) => {
    push({ type: 'PeriodStarted', period, minute: from - 1 }, 'start');
    let minute = from;
    for (let i = 0; i < 24; i++) {
      minute = Math.min(to, minute + int(0, 2));
      const team = pick([home, away]);
      const roll = rnd();
      if (roll < 0.25) {
        const kind = pick(['open_play', 'open_play', 'header', 'free_kick', 'own_goal'] as const);
        const player = kind === 'own_goal' ? `${other(team)}-p${int(2, 6)}` : `${team}-p${int(7, 11)}`;
        goals.push({
          eventId: push({ type: 'GoalScored', team, player, kind, minute }, 'goal'),
          counts: true,
          pinned: false,
        });
      } else if (roll < 0.37) {
        retractable.push(push({ type: 'OffsideCalled', team, player: `${team}-p9`, minute }, 'offside'));
      } else if (roll < 0.47) {
        retractable.push(
          push({ type: 'CardShown', team, player: `${team}-booked-${n}`, card: 'yellow', minute }, 'card'),
        );
      } else if (roll < 0.55) {
        retractable.push(
          push(
            {
              type: 'SubstitutionMade',
              team,
              playerOff: `${team}-off-${n}`,
              playerOn: `${team}-on-${n}`,
              minute,
            },
            'sub',
          ),
        );
      } else if (roll < 0.63 && counting().length) {
        const goal = pick(counting());
        push(
          {
            type: 'GoalDisallowed',
            goalEventId: goal.eventId,
            reason: pick(['offside', 'foul', 'handball', 'other']),
            minute,
          },
          'no-goal',
        );
        Object.assign(goal, { counts: false, pinned: true });
      } else if (roll < 0.71 && counting().length) {
        const goal = pick(counting());
        const reviewId = id('review');
        push(
          { type: 'VarReviewStarted', reviewId, incident: 'goal', refEventId: goal.eventId, minute },
          'var',
        );
        const outcome = pick(['confirmed', 'overturned'] as const);
        push(
          {
            type: 'VarReviewCompleted',
            reviewId,
            outcome,
            decision: outcome === 'overturned' ? 'handball' : 'goal stands',
            minute,
          },
          'var-done',
        );
        Object.assign(goal, { counts: outcome === 'confirmed', pinned: true });
      } else if (roll < 0.78) {
        push(
          { type: 'PenaltyAwarded', team, player: `${team}-p10`, offender: `${other(team)}-p4`, minute },
          'pen',
        );
        if (rnd() < 0.7) {
          goals.push({
            eventId: push(
              { type: 'GoalScored', team, player: `${team}-p10`, kind: 'penalty', minute },
              'pen-goal',
            ),
            counts: true,
            pinned: true,
          });
        } else {
          push(
            {
              type: 'PenaltyMissed',
              team,
              player: `${team}-p10`,
              outcome: pick(['saved', 'missed', 'woodwork']),
            },
            'pen-miss',
          );
        }
      } else if (roll < 0.88 && goals.length) {
        const goal = pick(goals);
        push(
          {
            type: 'EventCorrected',
            refEventId: goal.eventId,
            changes: { player: `fixed-${n}`, assist: `assist-${n}` },
          },
          'fix',
        );
        goal.pinned = true;
      } else {
        const loose = goals.filter((g) => !g.pinned);
        const target = rnd() < 0.4 && loose.length ? pick(loose) : null;
        const ref = target
          ? target.eventId
          : retractable.length
            ? retractable.splice(int(0, retractable.length - 1), 1)[0]
            : null;
        if (!ref) continue;
        if (target) goals.splice(goals.indexOf(target), 1);
        push({ type: 'EventRetracted', refEventId: ref, reason: 'entered in error' }, 'retract');
      }
    }
    const added = int(1, 5);
    push({ type: 'StoppageTimeAnnounced', period, added, minute: to + 1 }, 'added');
    push({ type: 'PeriodEnded', period, minute: to + 1, stoppage: added }, 'end');
    return added;
  };

  half('1H', 1, 44);
  const added = half('2H', 46, 89);
  push({ type: 'MatchEnded', minute: 90, stoppage: added }, 'final');
  const late = counting();
  if (late.length)
    push({ type: 'GoalDisallowed', goalEventId: pick(late).eventId, reason: 'var' }, 'late-no-goal');
  if (goals.length)
    push(
      { type: 'EventCorrected', refEventId: pick(goals).eventId, changes: { player: 'late-fix' } },
      'late-fix',
    );

  const batches: ScriptEvent[][] = [];
  for (let i = 0; i < events.length;) {
    const size = int(4, 14);
    batches.push(events.slice(i, i + size));
    i += size;
  }
  return {
    schedule: {
      matchId,
      competition: opts.competition,
      homeTeam: { id: home, name: `${home} FC` },
      awayTeam: { id: away, name: `${away} United` },
      kickoffAt: '2025-04-10T00:00:00Z',
      ...(opts.tieId ? { tieId: opts.tieId, leg: opts.leg } : {}),
    },
    batches,
  };
}
