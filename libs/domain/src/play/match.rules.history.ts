import { broken, type RuleBreak } from '../common/rule-violation';
import type { EventCorrected, EventRetracted } from '../match/match-event.types';
import { CORRECTABLE_FIELDS, NOT_RETRACTABLE } from '../match/match-event.types';
import { effectiveEvents, findEffective } from '../match/match.effective';
import { foldEffective } from '../match/match.evolve';
import type { MatchState } from '../match/match.state';
import type { EventCheck, MatchContext } from './match.context';

/**
 * A correction or retraction is accepted only if the match, rewritten with it, still obeys every
 * rule: the corrected minute fits its period, a retracted penalty award leaves no miss without
 * one, a re-credited card leaves nobody sent off who later scored. `checkEvent` is the whole set
 * of rules, passed in by the module that assembles it.
 */
export function checkHistoryChange(
  s: MatchState,
  e: EventCorrected | EventRetracted,
  ctx: MatchContext,
  checkEvent: EventCheck,
): RuleBreak | null {
  const target = findEffective(s.log, e.refEventId);
  if (!target)
    return broken(
      'event-not-found',
      'Event not found',
      `no event with eventId ${e.refEventId} in this match`,
    );
  const rule = e.type === 'EventCorrected' ? 'correction-not-valid' : 'cannot-retract';
  const title = e.type === 'EventCorrected' ? 'Correction not valid' : 'Cannot retract';
  if (e.type === 'EventRetracted' && NOT_RETRACTABLE.includes(target.type)) {
    return broken(rule, title, `${target.type} shapes the match and cannot be retracted`);
  }
  if (e.type === 'EventCorrected') {
    const allowed: ReadonlyArray<string> = CORRECTABLE_FIELDS[target.type];
    const bad = Object.keys(e.changes).filter((k) => !allowed.includes(k));
    if (bad.length > 0) {
      return broken(
        rule,
        title,
        `${target.type} has no correctable ${bad.join(', ')} (allowed: ${allowed.join(', ') || 'none'})`,
      );
    }
  }
  const rewritten = effectiveEvents([
    ...s.log,
    { ...e, seq: s.version + 1, recordedAt: s.lastRecordedAt ?? '' },
  ]);
  const found: { rule: RuleBreak | null; at: string } = { rule: null, at: '' };
  foldEffective(s, rewritten, {
    before: (before, event) => {
      found.rule = checkEvent(before, event, ctx, { recheck: true });
      found.at = event.eventId ?? `seq ${event.seq}`;
      return found.rule === null;
    },
  });
  if (found.rule === null) return null;
  return broken(rule, title, `${found.rule.rule} at ${found.at}: ${found.rule.detail}`);
}
