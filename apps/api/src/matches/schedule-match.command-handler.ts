import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { parseScheduleMatch } from '@touchline/domain';
import { validationProblem } from '../http/problem';
import { CommandPath } from '../write-side/command-path';
import { CommandResult } from '../write-side/command-result';
import { scheduleMatch } from '../write-side/stream-commands';
import { ScheduleMatchCommand } from './schedule-match.command';

@CommandHandler(ScheduleMatchCommand)
export class ScheduleMatchHandler implements ICommandHandler<ScheduleMatchCommand> {
  constructor(private readonly commands: CommandPath) {}

  execute({ body, principal }: ScheduleMatchCommand): Promise<CommandResult> {
    const parsed = parseScheduleMatch(body);
    if (!parsed.ok) throw validationProblem(parsed.errors);
    return this.commands.execute(scheduleMatch(parsed.value, principal));
  }
}
