import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideMatch, eventLimitBreak, parseInPlayEvents } from '@touchline/domain';
import { Config } from '@touchline/platform';
import { matchStreamId } from '@touchline/event-store';
import { requireMayFeed } from '../access/require-may-feed';
import { notFound, Problem, validationProblem } from '../http/problem';
import { CONFIG } from '../infra/tokens';
import { CommandResult } from '../write-side/command-result';
import { checkRetry } from '../write-side/idempotency';
import { toLogRecords } from '../write-side/record-factory';
import { StreamWriter } from '../write-side/stream-writer';
import { RecordEventsCommand } from './record-events.command';

function expectedVersionFrom(fromBody: number | undefined, ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return fromBody;
  const v = Number(ifMatch.replace(/^W\//, '').replace(/"/g, '').trim());
  if (!Number.isInteger(v) || v < 0) {
    throw validationProblem([{ field: 'If-Match', message: 'must be the stream version, an integer' }]);
  }
  if (fromBody !== undefined && fromBody !== v) {
    throw validationProblem([{ field: 'expectedVersion', message: 'disagrees with the If-Match header' }]);
  }
  return v;
}

@CommandHandler(RecordEventsCommand)
export class RecordEventsHandler implements ICommandHandler<RecordEventsCommand> {
  constructor(
    private readonly writer: StreamWriter,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ matchId, body, ifMatch, principal }: RecordEventsCommand): Promise<CommandResult> {
    const parsed = parseInPlayEvents(body);
    if (!parsed.ok) throw validationProblem(parsed.errors);
    const { events, isArray } = parsed.value;
    const expectedVersion = expectedVersionFrom(parsed.value.expectedVersion, ifMatch);
    const registry = this.writer.registry;
    const answer = (seqs: number[], eventIds: string[]) => {
      const results = seqs.map((seq, i) => ({ matchId, seq, eventId: eventIds[i] }));
      return isArray ? results : results[0];
    };

    return this.writer.serialised(matchStreamId(matchId), async () => {
      const match = registry.match(matchId);
      if (!match) throw notFound('Match', matchId);
      requireMayFeed(principal, match.competition);
      const retry = checkRetry(match.seen, events);
      if (retry.kind === 'replay') {
        return {
          status: 200,
          body: answer(
            retry.seqs,
            events.map((e) => e.eventId as string),
          ),
        };
      }
      if (retry.kind === 'conflict') {
        throw new Problem(409, 'event-id-conflict', 'eventId already used', retry.reason, {
          eventId: retry.eventId,
        });
      }
      if (expectedVersion !== undefined && expectedVersion !== match.version) {
        throw new Problem(
          409,
          'version-conflict',
          'The match has moved on',
          `Expected version ${expectedVersion}, but the match is at ${match.version}.`,
          { currentVersion: match.version, expectedVersion },
        );
      }
      const now = new Date().toISOString();
      const decision = decideMatch(match.state, events, registry.contextOf(match), now);
      if (!decision.ok) {
        const v = decision.violation;
        throw new Problem(422, v.rule, v.title, v.detail, { rule: v.rule, index: v.index });
      }
      const full = eventLimitBreak(match.version, decision.events.length, this.config.maxEventsPerMatch);
      if (full) throw new Problem(422, full.rule, full.title, full.detail, { rule: full.rule });
      const records = toLogRecords(match.streamId, match.version, decision.events, principal.id, now);
      await this.writer.append(records);
      return {
        status: 201,
        body: answer(
          records.map((r) => r.seq),
          records.map((r) => r.eventId),
        ),
      };
    });
  }
}
