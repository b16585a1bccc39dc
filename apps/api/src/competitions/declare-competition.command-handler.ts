import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { parseDeclareCompetition } from '@touchline/domain';
import { competitionStreamId } from '@touchline/event-store';
import { requireMayFeed } from '../access/require-may-feed';
import { Problem, validationProblem } from '../http/problem';
import { CommandResult } from '../write-side/command-result';
import { contentFingerprint } from '../write-side/fingerprint';
import { toLogRecords } from '../write-side/record-factory';
import { StreamWriter } from '../write-side/stream-writer';
import { DeclareCompetitionCommand } from './declare-competition.command';

@CommandHandler(DeclareCompetitionCommand)
export class DeclareCompetitionHandler implements ICommandHandler<DeclareCompetitionCommand> {
  constructor(private readonly writer: StreamWriter) {}

  async execute({ body, principal }: DeclareCompetitionCommand): Promise<CommandResult> {
    const parsed = parseDeclareCompetition(body);
    if (!parsed.ok) throw validationProblem(parsed.errors);
    const competition = parsed.value;
    const { competitionId } = competition;
    requireMayFeed(principal, competitionId);
    const event = {
      type: 'CompetitionDeclared' as const,
      ...competition,
      eventId: competition.eventId ?? `declare-${competitionId}`,
    };
    const streamId = competitionStreamId(competitionId);
    const reply = { competitionId, seq: 1, eventId: event.eventId };
    return this.writer.serialised(streamId, async () => {
      const existing = this.writer.registry.competition(competitionId);
      if (existing) {
        const first = existing.seen.get(event.eventId);
        if (first?.seq === 1 && first.fingerprint === contentFingerprint(event))
          return { status: 200, body: reply };
        throw new Problem(
          409,
          'competition-exists',
          'That competition is already declared',
          `Competition '${competitionId}' exists with other details.`,
        );
      }
      await this.writer.append(toLogRecords(streamId, 0, [event], principal.id, new Date().toISOString()));
      return { status: 201, body: reply };
    });
  }
}
