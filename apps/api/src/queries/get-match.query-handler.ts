import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { matchView, MatchView } from '@touchline/domain';
import { matchStreamId } from '@touchline/event-store';
import { ReadModelRepository } from '@touchline/read-models';
import { notFound } from '../http/problem';
import { GetMatchQuery } from './get-match.query';
import { HotViewsService } from './hot-views.service';
import { MinVersionGate } from './min-version.gate';

/** A match held in memory and known current answers without SQL; any other is read from PostgreSQL. */
@QueryHandler(GetMatchQuery)
export class GetMatchHandler implements IQueryHandler<GetMatchQuery> {
  constructor(
    private readonly repo: ReadModelRepository,
    private readonly gate: MinVersionGate,
    private readonly hot: HotViewsService,
  ) {}

  async execute({ matchId, minVersion }: GetMatchQuery): Promise<MatchView> {
    const streamId = matchStreamId(matchId);
    const wanted = minVersion ?? 0;
    const held = this.hot.matches.lookup(streamId, (deps) => (deps.get(streamId) ?? 0) >= wanted);
    if (held) return held;
    await this.gate.require([{ matchId, version: wanted }]);
    const view = await this.hot.matches.load(streamId, async () => {
      const row = await this.repo.matchView(matchId);
      if (!row) return null;
      const value = row.view ?? matchView(row.state!);
      return { value, deps: new Map([[streamId, value.version]]) };
    });
    if (!view) throw notFound('Match', matchId);
    return view;
  }
}
