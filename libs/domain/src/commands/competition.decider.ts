import type { CompetitionEvent, CompetitionDeclared } from '../competition/competition-event.types';
import { evolveCompetition } from '../competition/competition.evolve';
import { initialCompetitionState, type CompetitionState } from '../competition/competition.state';
import { accept, refuseExisting, type Decider } from './decider';

export type CompetitionCommand = {
  type: 'DeclareCompetition';
  competition: Omit<CompetitionDeclared, 'type'>;
};

/** The opening event of a competition stream, as `POST /competitions` describes it. */
export function competitionDeclaredEvent(
  competition: Omit<CompetitionDeclared, 'type'>,
): CompetitionDeclared {
  return {
    type: 'CompetitionDeclared',
    ...competition,
    eventId: competition.eventId ?? `declare-${competition.competitionId}`,
  };
}

function decide(command: CompetitionCommand, state: CompetitionState | null) {
  const { competition } = command;
  if (state) return refuseExisting<CompetitionEvent>('competition', competition.competitionId, 'declared');
  return accept<CompetitionEvent>([competitionDeclaredEvent(competition)]);
}

/** A competition stream: declared once, with the rules its tables are ranked by. */
export const competitionDecider: Decider<
  CompetitionCommand,
  CompetitionState | null,
  CompetitionEvent,
  object
> = {
  decide,
  evolve: evolveCompetition,
  initialState: initialCompetitionState(),
};
