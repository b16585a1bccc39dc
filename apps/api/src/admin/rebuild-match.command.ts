import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { LIVE_SCHEMA, READ_MODELS_REPLACED, rebuildMatchInPlace } from '@touchline/read-models';
import { notFound } from '../http/problem';
import { PG_POOL } from '@touchline/platform';
import { HotViewsService } from '../queries/hot-views.service';

export class RebuildMatchCommand extends Command<{ matchId: string; version: number }> {
  constructor(readonly matchId: string) {
    super();
  }
}

@CommandHandler(RebuildMatchCommand)
export class RebuildMatchHandler implements ICommandHandler<RebuildMatchCommand> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly hot: HotViewsService,
  ) {}

  async execute({ matchId }: RebuildMatchCommand): Promise<{ matchId: string; version: number }> {
    const version = await rebuildMatchInPlace(this.pool, LIVE_SCHEMA, matchId);
    if (version === null) throw notFound('Match', matchId);
    // Its rows were replaced at the same version: what is held goes now, not when LISTEN says so.
    this.hot.wrote([READ_MODELS_REPLACED]);
    return { matchId, version };
  }
}
