import { decideMatch, evolveMatch, evolveTie } from '@touchline/domain';
import type { PlannedMatch } from './import.plan';

/**
 * Plays a planned match through the same rules the server applies to its one atomic post, so a
 * match the server would refuse is left out before its tie or schedule is written. Null when the
 * rules accept every event, else which event breaks which rule.
 */
export function ruleBreak(m: PlannedMatch): string | null {
  if (m.events.length === 0) return null;
  const at = m.match.kickoffAt;
  const scheduled = evolveMatch(null, { type: 'MatchScheduled', ...m.match, seq: 1, recordedAt: at });
  const tie = m.tie ? evolveTie(null, { type: 'TieScheduled', ...m.tie, seq: 1, recordedAt: at }) : undefined;
  const decision = decideMatch(scheduled, m.events, tie ? { tie } : {}, at);
  if (decision.ok) return null;
  const { index, rule, detail } = decision.violation;
  return `event ${index + 1} (${m.events[index].type}) breaks the rule ${rule}: ${detail}`;
}
