import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { parseScheduleMatch } from '@touchline/domain';
import { matchStreamId } from '@touchline/event-store';
import { mayFeed } from '../access/api-keys';
import { Problem, validationProblem } from '../http/problem';
import { CommandResult } from '../write-side/command-result';
import { contentFingerprint } from '../write-side/fingerprint';
import { toLogRecords } from '../write-side/record-factory';
import { StreamWriter } from '../write-side/stream-writer';
import { ScheduleMatchCommand } from './schedule-match.command';

const rule = (code: string, title: string, detail: string) =>
  new Problem(422, code, title, detail, { rule: code });

@CommandHandler(ScheduleMatchCommand)
export class ScheduleMatchHandler implements ICommandHandler<ScheduleMatchCommand> {
  constructor(private readonly writer: StreamWriter) {}

  async execute({ body, principal }: ScheduleMatchCommand): Promise<CommandResult> {
    const parsed = parseScheduleMatch(body);
    if (!parsed.ok) throw validationProblem(parsed.errors);
    const match = { ...parsed.value };
    if (!mayFeed(principal, match.competition)) {
      throw new Problem(
        403,
        'forbidden',
        'This key may not feed that competition',
        `Competition '${match.competition}'.`,
      );
    }
    if (match.tieId) {
      const tie = this.writer.registry.tie(match.tieId);
      if (!tie) throw rule('tie-not-found', 'The tie does not exist', `Schedule tie '${match.tieId}' first.`);
      const legIndex = tie.state.legs.indexOf(match.matchId);
      if (legIndex < 0) {
        throw rule(
          'match-not-in-tie',
          'The match is not a leg of that tie',
          `Tie '${match.tieId}' has legs ${tie.state.legs.join(', ')}.`,
        );
      }
      if (match.leg !== undefined && match.leg !== legIndex + 1) {
        throw rule(
          'wrong-leg',
          'Wrong leg number',
          `'${match.matchId}' is leg ${legIndex + 1} of tie '${match.tieId}'.`,
        );
      }
      match.leg = (legIndex + 1) as 1 | 2;
      const other = this.writer.registry.match(tie.state.legs[1 - legIndex]);
      if (other) {
        const teams = [other.state.homeTeam.id, other.state.awayTeam.id].sort().join();
        if (teams !== [match.homeTeam.id, match.awayTeam.id].sort().join()) {
          throw rule(
            'tie-teams-mismatch',
            'Both legs must be between the same teams',
            `The other leg is ${teams}.`,
          );
        }
      }
    }
    const event = {
      type: 'MatchScheduled' as const,
      ...match,
      eventId: match.eventId ?? `schedule-${match.matchId}`,
    };
    const streamId = matchStreamId(match.matchId);
    return this.writer.serialised(streamId, async () => {
      const existing = this.writer.registry.match(match.matchId);
      if (existing) {
        const first = existing.seen.get(event.eventId);
        if (first?.seq === 1 && first.fingerprint === contentFingerprint(event)) {
          return { status: 200, body: { matchId: match.matchId, seq: 1, eventId: event.eventId } };
        }
        throw new Problem(
          409,
          'match-exists',
          'That match is already scheduled',
          `Match '${match.matchId}' exists with other details.`,
        );
      }
      await this.writer.append(toLogRecords(streamId, 0, [event], principal.id, new Date().toISOString()));
      return { status: 201, body: { matchId: match.matchId, seq: 1, eventId: event.eventId } };
    });
  }
}
