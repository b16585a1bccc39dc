import { accept, refuse, refuseExisting, type Decider } from './decider';
import { scheduleTieBreak, type LegHolder } from '../tie/leg-claims';
import type { TieEvent, TieScheduled } from '../tie/tie-event.types';
import { evolveTie } from '../tie/tie.evolve';
import { initialTieState, type TieState } from '../tie/tie.state';

export type TieCommand = { type: 'ScheduleTie'; tie: Omit<TieScheduled, 'type'> };

/** What a tie's scheduling reads of other streams: who holds each match id (claims in flight included). */
export interface ScheduleTieContext {
  holderOf(matchId: string): LegHolder | undefined;
}

/** The opening event of a tie stream, as `POST /ties` describes it. */
export function tieScheduledEvent(tie: Omit<TieScheduled, 'type'>): TieScheduled {
  return { type: 'TieScheduled', ...tie, eventId: tie.eventId ?? `schedule-${tie.tieId}` };
}

function decide(command: TieCommand, state: TieState | null, context: ScheduleTieContext) {
  const { tie } = command;
  if (state) return refuseExisting<TieEvent>('tie', tie.tieId, 'scheduled');
  const broken = scheduleTieBreak(tie, context.holderOf);
  if (broken) return refuse<TieEvent>({ kind: 'rule', ...broken });
  return accept<TieEvent>([tieScheduledEvent(tie)]);
}

/** A tie stream: scheduled once, its legs its own; its standing is read from its legs. */
export const tieDecider: Decider<TieCommand, TieState | null, TieEvent, ScheduleTieContext> = {
  decide,
  evolve: evolveTie,
  initialState: initialTieState(),
};
