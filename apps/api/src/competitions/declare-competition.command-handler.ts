import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { parseDeclareCompetition } from '@touchline/domain';
import { validationProblem } from '../http/problem';
import { CommandPath } from '../write-side/command-path';
import { CommandResult } from '../write-side/command-result';
import { declareCompetition } from '../write-side/stream-commands';
import { DeclareCompetitionCommand } from './declare-competition.command';

@CommandHandler(DeclareCompetitionCommand)
export class DeclareCompetitionHandler implements ICommandHandler<DeclareCompetitionCommand> {
  constructor(private readonly commands: CommandPath) {}

  execute({ body, principal }: DeclareCompetitionCommand): Promise<CommandResult> {
    const parsed = parseDeclareCompetition(body);
    if (!parsed.ok) throw validationProblem(parsed.errors);
    return this.commands.execute(declareCompetition(parsed.value, principal));
  }
}
