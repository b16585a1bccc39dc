import {
  competitionDecider,
  competitionDeclaredEvent,
  matchDecider,
  matchScheduledEvent,
  tieDecider,
  tieScheduledEvent,
  type CompetitionCommand,
  type CompetitionDeclared,
  type CompetitionEvent,
  type CompetitionState,
  type InPlayEvent,
  type MatchCommand,
  type MatchDecisionContext,
  type MatchEvent,
  type MatchScheduled,
  type MatchState,
  type ScheduleTieContext,
  type TieCommand,
  type TieEvent,
  type TieScheduled,
  type TieState,
} from '@touchline/domain';
import { competitionStreamId, matchStreamId, tieStreamId } from '@touchline/event-store';
import type { Principal } from '../access/api-keys';
import { notFound } from '../http/problem';
import type { Ack, StreamCommand } from './command-path';
import type { StreamRegistry } from './stream-registry';

type MatchStreamCommand = StreamCommand<MatchCommand, MatchState | null, MatchEvent, MatchDecisionContext>;

/** The states of those of `matchIds` that are scheduled, by id. */
function statesOf(registry: StreamRegistry, matchIds: readonly string[]): Map<string, MatchState> {
  const states = new Map<string, MatchState>();
  for (const id of matchIds) {
    const match = registry.match(id);
    if (match) states.set(id, match.state);
  }
  return states;
}

/** A tie's stream and its legs' streams (as far as the tie is known yet). */
function tieWithLegs(registry: StreamRegistry, tieId: string | null | undefined): string[] {
  if (!tieId) return [];
  const legs = registry.tie(tieId)?.state.legs ?? [];
  return [tieStreamId(tieId), ...legs.map(matchStreamId)];
}

/** A command that opens a stream with one event: access by its competition, a retry is that event again. */
function opening<C, S, E extends { type: string; eventId?: string }, X>(
  parts: Pick<
    StreamCommand<C, S, E, X>,
    'streamId' | 'noun' | 'decider' | 'command' | 'principal' | 'needs' | 'load' | 'context' | 'claim'
  > & {
    competition: string;
    event: E;
    reply: Record<string, string>;
  },
): StreamCommand<C, S, E, X> {
  const { competition, event, reply, ...rest } = parts;
  return {
    ...rest,
    mode: { opens: true, competition },
    posted: [event],
    answer: () => ({ ...reply, seq: 1, eventId: event.eventId }),
  };
}

/** `POST /matches`: a match stream opens with its schedule; a leg is checked against its tie. */
export function scheduleMatch(match: Omit<MatchScheduled, 'type'>, principal: Principal): MatchStreamCommand {
  return opening({
    streamId: matchStreamId(match.matchId),
    noun: 'match',
    decider: matchDecider,
    command: { type: 'ScheduleMatch', match },
    principal,
    competition: match.competition,
    event: matchScheduledEvent(match),
    needs: (registry) => ({
      streams: [matchStreamId(match.matchId), ...tieWithLegs(registry, match.tieId)],
      legs: [match.matchId],
    }),
    load: (registry) => registry.match(match.matchId),
    context: (registry, _state, now) => {
      const tie = match.tieId ? registry.tie(match.tieId)?.state : undefined;
      const legStates = tie ? statesOf(registry, tie.legs) : undefined;
      return { now, tie, legStates, holder: registry.legHolder(match.matchId) };
    },
    claim: (registry) =>
      registry.hold([match.matchId], match.tieId ? { tie: match.tieId } : { standalone: true }),
    reply: { matchId: match.matchId },
  });
}

/** `POST /matches/{id}/events`: in-play events, all or none, under the rules of football. */
export function recordEvents(
  matchId: string,
  posted: { events: InPlayEvent[]; isArray: boolean; expectedVersion?: number },
  principal: Principal,
  maxEvents: number,
): MatchStreamCommand {
  const { events, isArray, expectedVersion } = posted;
  return {
    streamId: matchStreamId(matchId),
    noun: 'match',
    decider: matchDecider,
    command: { type: 'RecordEvents', matchId, events },
    principal,
    mode: { opens: false, missing: () => notFound('Match', matchId) },
    posted: events,
    expectedVersion,
    needs: (registry) => ({
      streams: [matchStreamId(matchId), ...tieWithLegs(registry, registry.match(matchId)?.state.tieId)],
      legs: [],
    }),
    load: (registry) => registry.match(matchId),
    context: (registry, state, now) => ({ now, maxEvents, ...(state ? registry.contextOf(state) : {}) }),
    answer: (acks: Ack[]) => {
      const results = acks.map(({ seq, eventId }) => ({ matchId, seq, eventId }));
      return isArray ? results : results[0];
    },
  };
}

/** `POST /ties`: a tie stream opens with its legs, none of them scheduled outside it. */
export function scheduleTie(
  tie: Omit<TieScheduled, 'type'>,
  principal: Principal,
): StreamCommand<TieCommand, TieState | null, TieEvent, ScheduleTieContext> {
  return opening({
    streamId: tieStreamId(tie.tieId),
    noun: 'tie',
    decider: tieDecider,
    command: { type: 'ScheduleTie', tie },
    principal,
    competition: tie.competition,
    event: tieScheduledEvent(tie),
    needs: () => ({ streams: [tieStreamId(tie.tieId), ...tie.legs.map(matchStreamId)], legs: tie.legs }),
    load: (registry) => registry.tie(tie.tieId),
    context: (registry) => ({ holderOf: (matchId) => registry.legHolder(matchId) }),
    claim: (registry) => registry.hold(tie.legs, { tie: tie.tieId }),
    reply: { tieId: tie.tieId },
  });
}

/** `POST /competitions`: a competition stream opens with the rules its tables are ranked by. */
export function declareCompetition(
  competition: Omit<CompetitionDeclared, 'type'>,
  principal: Principal,
): StreamCommand<CompetitionCommand, CompetitionState | null, CompetitionEvent, object> {
  const { competitionId } = competition;
  return opening({
    streamId: competitionStreamId(competitionId),
    noun: 'competition',
    decider: competitionDecider,
    command: { type: 'DeclareCompetition', competition },
    principal,
    competition: competitionId,
    event: competitionDeclaredEvent(competition),
    needs: () => ({ streams: [competitionStreamId(competitionId)], legs: [] }),
    load: (registry) => registry.competition(competitionId),
    context: () => ({}),
    reply: { competitionId },
  });
}
