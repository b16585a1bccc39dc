import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { LIVE_SCHEMA, ParkedAction, ParkedOutcome, resolveParkedStream } from '@touchline/read-models';
import { notFound } from '../http/problem';
import { PG_POOL } from '@touchline/platform';
import { HotViewsService } from '../queries/hot-views.service';

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
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly hot: HotViewsService,
  ) {}

  async execute({ streamId, action }: ResolveParkedCommand): Promise<ParkedOutcome> {
    const resolved = await resolveParkedStream(this.pool, LIVE_SCHEMA, streamId, action);
    if (!resolved) throw notFound('Parked stream', streamId);
    // Heard now, not when LISTEN delivers it: a read right after this answer gets what it applied.
    this.hot.wrote(resolved.notified);
    return resolved.outcome;
  }
}
