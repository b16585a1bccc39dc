import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { parseScheduleMatch, scheduleMatchBreak } from '@touchline/domain';
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
    const registry = this.writer.registry;
    const streamId = matchStreamId(match.matchId);
    // Every check on the stream's own queue: the leg rules look at other streams, so they are
    // judged against the log as it stands when this command's turn comes, claims in flight included.
    return this.writer.serialised(streamId, async () => {
      if (match.tieId) match.leg = checkTieLeg(registry, { ...match, tieId: match.tieId });
      const event = {
        type: 'MatchScheduled' as const,
        ...match,
        eventId: match.eventId ?? `schedule-${match.matchId}`,
      };
      const existing = registry.match(match.matchId);
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
      const leg = scheduleMatchBreak(match, registry.legHolder(match.matchId));
      if (leg) throw new Problem(422, leg.rule, leg.title, leg.detail, { rule: leg.rule });
      const release = registry.hold(
        [match.matchId],
        match.tieId ? { tie: match.tieId } : { standalone: true },
      );
      try {
        await this.writer.append(toLogRecords(streamId, 0, [event], principal.id, new Date().toISOString()));
      } finally {
        release();
      }
      return { status: 201, body: { matchId: match.matchId, seq: 1, eventId: event.eventId } };
    });
  }
}
