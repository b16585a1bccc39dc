import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { LIVE_SCHEMA, ParkedAction, ParkedOutcome, resolveParkedStream } from '@touchline/read-models';
import { notFound } from '../http/problem';
import { PG_POOL } from '@touchline/platform';

export class ResolveParkedCommand extends Command<ParkedOutcome> {
  constructor(
    readonly streamId: string,
    readonly action: ParkedAction,
  ) {
    super();
  }
}

@CommandHandler(ResolveParkedCommand)
export class ResolveParkedHandler implements ICommandHandler<ResolveParkedCommand> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ streamId, action }: ResolveParkedCommand): Promise<ParkedOutcome> {
    const outcome = await resolveParkedStream(this.pool, LIVE_SCHEMA, streamId, action);
    if (!outcome) throw notFound('Parked stream', streamId);
    return outcome;
  }
}
