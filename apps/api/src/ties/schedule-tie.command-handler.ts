import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { parseScheduleTie } from '@touchline/domain';
import { validationProblem } from '../http/problem';
import { CommandPath } from '../write-side/command-path';
import { CommandResult } from '../write-side/command-result';
import { scheduleTie } from '../write-side/stream-commands';
import { ScheduleTieCommand } from './schedule-tie.command';

@CommandHandler(ScheduleTieCommand)
export class ScheduleTieHandler implements ICommandHandler<ScheduleTieCommand> {
  constructor(private readonly commands: CommandPath) {}

  execute({ body, principal }: ScheduleTieCommand): Promise<CommandResult> {
    const parsed = parseScheduleTie(body);
    if (!parsed.ok) throw validationProblem(parsed.errors);
    return this.commands.execute(scheduleTie(parsed.value, principal));
  }
}
