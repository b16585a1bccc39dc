import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { parseScheduleTie, scheduleTieBreak } from '@touchline/domain';
import { tieStreamId } from '@touchline/event-store';
import { requireMayFeed } from '../access/require-may-feed';
import { Problem, validationProblem } from '../http/problem';
import { CommandResult } from '../write-side/command-result';
import { contentFingerprint } from '../write-side/fingerprint';
import { toLogRecords } from '../write-side/record-factory';
import { StreamWriter } from '../write-side/stream-writer';
import { ScheduleTieCommand } from './schedule-tie.command';

@CommandHandler(ScheduleTieCommand)
export class ScheduleTieHandler implements ICommandHandler<ScheduleTieCommand> {
  constructor(private readonly writer: StreamWriter) {}

  async execute({ body, principal }: ScheduleTieCommand): Promise<CommandResult> {
    const parsed = parseScheduleTie(body);
    if (!parsed.ok) throw validationProblem(parsed.errors);
    const tie = parsed.value;
    requireMayFeed(principal, tie.competition);
    const event = { type: 'TieScheduled' as const, ...tie, eventId: tie.eventId ?? `schedule-${tie.tieId}` };
    const streamId = tieStreamId(tie.tieId);
    return this.writer.serialised(streamId, async () => {
      const existing = this.writer.registry.tie(tie.tieId);
      if (existing) {
        const first = existing.seen.get(event.eventId);
        if (first?.seq === 1 && first.fingerprint === contentFingerprint(event)) {
          return { status: 200, body: { tieId: tie.tieId, seq: 1, eventId: event.eventId } };
        }
        throw new Problem(
          409,
          'tie-exists',
          'That tie is already scheduled',
          `Tie '${tie.tieId}' exists with other details.`,
        );
      }
      // On the tie's own queue, against the log as it stands now and the claims still in flight.
      const registry = this.writer.registry;
      const leg = scheduleTieBreak(tie, (id) => registry.legHolder(id));
      if (leg) throw new Problem(422, leg.rule, leg.title, leg.detail, { rule: leg.rule });
      const release = registry.hold(tie.legs, { tie: tie.tieId });
      try {
        await this.writer.append(toLogRecords(streamId, 0, [event], principal.id, new Date().toISOString()));
      } finally {
        release();
      }
      return { status: 201, body: { tieId: tie.tieId, seq: 1, eventId: event.eventId } };
    });
  }
}
