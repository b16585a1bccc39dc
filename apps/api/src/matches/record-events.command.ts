import { Command } from '@nestjs/cqrs';
import { Principal } from '../access/api-keys';
import { CommandResult } from '../write-side/command-result';

export class RecordEventsCommand extends Command<CommandResult> {
  constructor(
    readonly matchId: string,
    readonly body: unknown,
    /** The If-Match header, if any: the stream version the feeder expects. */
    readonly ifMatch: string | undefined,
    readonly principal: Principal,
  ) {
    super();
  }
}
