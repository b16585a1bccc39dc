import { accept, refuse, refuseExisting, type Decider } from './decider';
import type { InPlayEvent, MatchEvent, MatchScheduled } from '../match/match-event.types';
import { decideMatch } from '../play/match.decide';
import { evolveMatch } from '../match/match.evolve';
import type { RuleBreak } from '../common/rule-violation';
import type { MatchContext } from '../play/match.context';
import { initialMatchState, type MatchState } from '../match/match.state';
import { eventLimitBreak } from '../match/match.limits';
import { scheduleMatchBreak } from '../tie/leg-claims';
import { tieLegBroken, type ScheduleMatchContext } from './schedule-match.rules';

export type MatchCommand =
  | { type: 'ScheduleMatch'; match: Omit<MatchScheduled, 'type'> }
  /** In-play events posted together: all are accepted or none. */
  | { type: 'RecordEvents'; matchId: string; events: InPlayEvent[] };

/**
 * What a match decision reads from outside its stream: its tie and the legs, who holds its id,
 * the most events a match may hold, and the server's clock.
 */
export type MatchDecisionContext = MatchContext & ScheduleMatchContext & { now: string; maxEvents?: number };

const ruleRefusal = (b: RuleBreak, index?: number) => refuse<MatchEvent>({ kind: 'rule', ...b, index });

/** The opening event of a match stream, as `POST /matches` describes it. */
export function matchScheduledEvent(match: Omit<MatchScheduled, 'type'>): MatchScheduled {
  return { type: 'MatchScheduled', ...match, eventId: match.eventId ?? `schedule-${match.matchId}` };
}

function decide(command: MatchCommand, state: MatchState | null, context: MatchDecisionContext) {
  switch (command.type) {
    case 'ScheduleMatch': {
      const { match } = command;
      const broken = match.tieId ? tieLegBroken({ ...match, tieId: match.tieId }, context) : null;
      if (broken) return ruleRefusal(broken);
      if (state) return refuseExisting<MatchEvent>('match', match.matchId, 'scheduled');
      const claimed = scheduleMatchBreak(match, context.holder);
      if (claimed) return ruleRefusal(claimed);
      return accept<MatchEvent>([matchScheduledEvent(match)]);
    }
    case 'RecordEvents': {
      if (!state) return refuse<MatchEvent>({ kind: 'not-found', entity: 'Match', id: command.matchId });
      const decision = decideMatch(state, command.events, context, context.now);
      if (!decision.ok) return ruleRefusal(decision.violation, decision.violation.index);
      const full =
        context.maxEvents === undefined
          ? null
          : eventLimitBreak(state.version, decision.events.length, context.maxEvents);
      if (full) return ruleRefusal(full);
      return accept<MatchEvent>(decision.events);
    }
  }
}

/** A match stream: scheduled once, then fed in-play events under the rules of football. */
export const matchDecider: Decider<MatchCommand, MatchState | null, MatchEvent, MatchDecisionContext> = {
  decide,
  evolve: evolveMatch,
  initialState: initialMatchState(),
};
