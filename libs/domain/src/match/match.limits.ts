import { broken, type RuleBreak } from '../common/rule-violation';

/**
 * A match holds at most `max` events (its schedule included): every read, fold and stream of a
 * match stays cheap. An array that would cross the limit is refused whole.
 */
export function eventLimitBreak(version: number, adding: number, max: number): RuleBreak | null {
  if (version + adding <= max) return null;
  return broken(
    'match-event-limit',
    'The match holds as many events as it may',
    `A match holds at most ${max} events; it has ${version}, and ${adding} more would pass the limit.`,
  );
}
