import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { LIVE_SCHEMA, rebuildMatchInPlace } from '@touchline/read-models';
import { notFound } from '../http/problem';
import { PG_POOL } from '@touchline/platform';

export class RebuildMatchCommand extends Command<{ matchId: string; version: number }> {
  constructor(readonly matchId: string) {
    super();
  }
}

@CommandHandler(RebuildMatchCommand)
export class RebuildMatchHandler implements ICommandHandler<RebuildMatchCommand> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ matchId }: RebuildMatchCommand): Promise<{ matchId: string; version: number }> {
    const version = await rebuildMatchInPlace(this.pool, LIVE_SCHEMA, matchId);
    if (version === null) throw notFound('Match', matchId);
    return { matchId, version };
  }
}
