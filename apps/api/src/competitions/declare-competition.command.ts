import { Command } from '@nestjs/cqrs';
import { Principal } from '../access/api-keys';
import { CommandResult } from '../write-side/command-result';

export class DeclareCompetitionCommand extends Command<CommandResult> {
  constructor(
    readonly body: unknown,
    readonly principal: Principal,
  ) {
    super();
  }
}
