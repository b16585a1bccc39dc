import type { Period, TimelineEntry } from './api.js';
import { h, Child } from './dom.js';
import { clock, scoreText, TeamNames } from './format.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const STARTS: Record<Period, string> = {
  '1H': 'Kick-off',
  '2H': 'Second half under way',
  ET1: 'Extra time under way',
  ET2: 'Extra time, second half under way',
  PSO: 'Penalty shoot-out begins',
};
const ENDS: Record<Period, string> = {
  '1H': 'Half-time',
  '2H': 'End of normal time',
  ET1: 'Extra time: half-time',
  ET2: 'End of extra time',
  PSO: 'End of the shoot-out',
};
const GOAL_KINDS: Record<string, string> = {
  penalty: 'penalty',
  free_kick: 'free kick',
  header: 'header',
  own_goal: 'own goal',
};
const REASONS: Record<string, string> = {
  offside: 'offside',
  foul: 'foul',
  handball: 'handball',
  var: 'VAR',
  other: 'other reason',
};
const CARDS: Record<string, string> = {
  yellow: 'Yellow card',
  second_yellow: 'Second yellow card',
  red: 'Red card',
};

/**
 * The timeline as it stood after event `upTo` (everything, when live): entries after it are left
 * out, and so are rulings (a goal ruled out, a VAR outcome) recorded after it. A replay shows the
 * match as it now stands (corrections applied, retracted entries gone), one event at a time.
 */
export function renderTimeline(
  list: HTMLElement,
  events: TimelineEntry[],
  names: TeamNames,
  upTo = Number.MAX_SAFE_INTEGER,
): void {
  const completed = new Map<string, number>();
  for (const e of events) if (e.type === 'VarReviewCompleted') completed.set(str(e.reviewId), e.seq);
  const items = events
    .filter((e) => e.seq <= upTo)
    .reverse() // latest first: what a reader looks for during a match
    .map((e) => entryItem(e, names, upTo, completed));
  list.replaceChildren(...(items.length ? items : [h('li', { class: 'empty' }, 'No events yet.')]));
}

function entryItem(
  e: TimelineEntry,
  names: TeamNames,
  upTo: number,
  completed: Map<string, number>,
): HTMLElement {
  const team = names.of(str(e.team));
  const [kind, text] = describe(e, team, upTo, completed);
  const ruledOut = e.type === 'GoalScored' && e.disallowed && e.disallowed.seq <= upTo;
  return h(
    'li',
    { 'data-testid': 'timeline-event', 'data-seq': e.seq, 'data-type': e.type, class: `event ${kind}` },
    h('span', { class: 'minute' }, clock(e.minute, e.stoppage)),
    h('span', { class: `icon ${kind}`, 'aria-hidden': 'true' }),
    h(
      'span',
      { class: 'what' },
      ruledOut ? h('s', { 'data-testid': 'struck' }, ...text) : h('span', {}, ...text),
      ruledOut && e.disallowed
        ? h('span', { class: 'ruling' }, ` Ruled out: ${REASONS[e.disallowed.reason] ?? e.disallowed.reason}`)
        : null,
      e.corrected ? h('span', { class: 'note' }, ' (corrected)') : null,
    ),
  );
}

function describe(
  e: TimelineEntry,
  team: string,
  upTo: number,
  completed: Map<string, number>,
): [string, Child[]] {
  switch (e.type) {
    case 'PeriodStarted':
      return ['period', [STARTS[e.period as Period] ?? 'Period starts']];
    case 'PeriodEnded':
      return ['period', [ENDS[e.period as Period] ?? 'Period ends']];
    case 'StoppageTimeAnnounced':
      return ['period', [`${String(e.added)} minute${e.added === 1 ? '' : 's'} added`]];
    case 'GoalScored': {
      const kind = GOAL_KINDS[str(e.kind)];
      return [
        'goal',
        [
          h('strong', {}, 'Goal'),
          ` ${str(e.player)} (${team})`,
          kind ? `, ${kind}` : '',
          e.assist ? `, assist ${str(e.assist)}` : '',
          ' ',
          h('span', { class: 'score-after' }, scoreText(e.scoreAfter.home, e.scoreAfter.away)),
        ],
      ];
    }
    case 'GoalDisallowed':
      return ['disallowal', [`Goal ruled out: ${REASONS[str(e.reason)] ?? str(e.reason)}`]];
    case 'OffsideCalled':
      return ['minor', [`Offside${e.player ? `: ${str(e.player)}` : ''} (${team})`]];
    case 'VarReviewStarted': {
      const done = (completed.get(str(e.reviewId)) ?? Infinity) <= upTo;
      const outcome = done && e.review?.outcome ? e.review.outcome : null;
      return [
        'var',
        [
          h('strong', {}, 'VAR'),
          ` review: ${str(e.incident).replace(/_/g, ' ')}`,
          outcome ? h('span', { class: `outcome ${outcome}` }, ` — ${outcome}`) : ' — in progress',
          outcome && e.review?.decision ? ` (${e.review.decision})` : '',
        ],
      ];
    }
    case 'VarReviewCompleted':
      return [
        'var',
        [h('strong', {}, 'VAR'), ` decision: ${str(e.outcome)}`, e.decision ? ` (${str(e.decision)})` : ''],
      ];
    case 'PenaltyAwarded':
      return ['penalty', [`Penalty to ${team}`, e.offender ? ` (foul by ${str(e.offender)})` : '']];
    case 'PenaltyMissed':
      return ['minor', [`Penalty ${str(e.outcome)}: ${str(e.player)} (${team})`]];
    case 'CardShown':
      return [
        `card ${str(e.card)}`,
        [h('strong', {}, CARDS[str(e.card)] ?? 'Card'), ` ${str(e.player)} (${team})`],
      ];
    case 'SubstitutionMade':
      return ['minor', [`Substitution (${team}): ${str(e.playerOn)} on, ${str(e.playerOff)} off`]];
    case 'ShootoutKick': {
      const after = e.shootoutAfter ? ` ${scoreText(e.shootoutAfter.home, e.shootoutAfter.away)}` : '';
      return ['kick', [`${str(e.player)} (${team}) ${e.scored ? 'scores' : 'misses'}${after}`]];
    }
    case 'MatchEnded':
      return ['period', [h('strong', {}, 'Full time')]];
    case 'MatchAbandoned':
      return ['period', [h('strong', {}, 'Match abandoned'), e.reason ? `: ${str(e.reason)}` : '']];
    default:
      return ['minor', [e.type]];
  }
}
