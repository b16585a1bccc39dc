/** Every rule of a match's play, by its stable kebab-case code (the `rule` of a 422 answer). */
export const MATCH_RULES = [
  'duplicate-event-id',
  'match-not-started',
  'match-already-ended',
  'match-abandoned',
  'team-not-in-match',
  'minute-out-of-range',
  'player-sent-off',
  'period-out-of-order',
  'period-not-needed',
  'goal-not-found',
  'goal-already-disallowed',
  'var-review-already-open',
  'var-review-id-reused',
  'no-open-var-review',
  'penalty-already-pending',
  'no-pending-penalty',
  'shootout-in-progress',
  'shootout-not-in-progress',
  'shootout-decided',
  'shootout-kick-out-of-turn',
  'event-not-found',
  'correction-not-valid',
  'cannot-retract',
] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

/** Rules of scheduling: a match as a leg of its tie, a tie over its legs. */
export const SCHEDULING_RULES = [
  'tie-not-found',
  'match-not-in-tie',
  'wrong-leg',
  'tie-competition-mismatch',
  'tie-teams-mismatch',
  'leg-already-scheduled',
  'match-is-a-tie-leg',
  'leg-claimed-by-another-tie',
] as const;

/** Limits a stream keeps whatever its feeders do. */
export const LIMIT_RULES = ['match-event-limit'] as const;

/** Every rule code a command can be refused with (the `rule` of a 422 answer). */
export const RULE_CODES = [...MATCH_RULES, ...SCHEDULING_RULES, ...LIMIT_RULES] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** A refused command: `rule` is a stable kebab-case code, `index` the event's position in the post. */
export type RuleViolation = { rule: RuleCode; title: string; detail: string; index: number };
export type RuleBreak = Omit<RuleViolation, 'index'>;

export const broken = (rule: RuleCode, title: string, detail: string): RuleBreak => ({
  rule,
  title,
  detail,
});
