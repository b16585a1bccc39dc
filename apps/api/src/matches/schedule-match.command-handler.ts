import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { parseScheduleMatch } from '@touchline/domain';
import { matchStreamId } from '@touchline/event-store';
import { requireMayFeed } from '../access/require-may-feed';
import { Problem, validationProblem } from '../http/problem';
import { CommandResult } from '../write-side/command-result';
import { contentFingerprint } from '../write-side/fingerprint';
import { toLogRecords } from '../write-side/record-factory';
import { StreamWriter } from '../write-side/stream-writer';
import { ScheduleMatchCommand } from './schedule-match.command';
import { checkTieLeg } from './tie-leg.check';

@CommandHandler(ScheduleMatchCommand)
export class ScheduleMatchHandler implements ICommandHandler<ScheduleMatchCommand> {
  constructor(private readonly writer: StreamWriter) {}

  async execute({ body, principal }: ScheduleMatchCommand): Promise<CommandResult> {
    const parsed = parseScheduleMatch(body);
    if (!parsed.ok) throw validationProblem(parsed.errors);
    const match = { ...parsed.value };
    requireMayFeed(principal, match.competition);
    if (match.tieId) match.leg = checkTieLeg(this.writer.registry, { ...match, tieId: match.tieId });
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
