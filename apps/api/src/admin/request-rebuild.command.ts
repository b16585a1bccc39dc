import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { RebuildLedger } from '@touchline/read-models';
import { PG_POOL } from '@touchline/platform';

export class RequestRebuildCommand extends Command<{ rebuildId: string; status: string }> {}

/** Records the request; the projector runs it. A second request while one is active gets that one. */
@CommandHandler(RequestRebuildCommand)
export class RequestRebuildHandler implements ICommandHandler<RequestRebuildCommand> {
  private readonly ledger: RebuildLedger;

  constructor(@Inject(PG_POOL) pool: Pool) {
    this.ledger = new RebuildLedger(pool);
  }

  async execute(): Promise<{ rebuildId: string; status: string }> {
    const { rebuild } = await this.ledger.request(randomUUID());
    return { rebuildId: rebuild.rebuildId, status: rebuild.status };
  }
}
