import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { parseInPlayEvents } from '@touchline/domain';
import { Config, CONFIG } from '@touchline/platform';
import { validationProblem } from '../http/problem';
import { CommandPath } from '../write-side/command-path';
import { CommandResult } from '../write-side/command-result';
import { recordEvents } from '../write-side/stream-commands';
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
    private readonly commands: CommandPath,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  execute({ matchId, body, ifMatch, principal }: RecordEventsCommand): Promise<CommandResult> {
    const parsed = parseInPlayEvents(body);
    if (!parsed.ok) throw validationProblem(parsed.errors);
    const expectedVersion = expectedVersionFrom(parsed.value.expectedVersion, ifMatch);
    const posted = { ...parsed.value, expectedVersion };
    return this.commands.execute(recordEvents(matchId, posted, principal, this.config.maxEventsPerMatch));
  }
}
