import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { CompetitionQueriesController } from './competition-queries.controller';
import { GetMatchEventsHandler } from './get-match-events.query-handler';
import { GetMatchStateHandler } from './get-match-state.query-handler';
import { GetMatchHandler } from './get-match.query-handler';
import { GetFixturesHandler } from './get-fixtures.query-handler';
import { GetScorersHandler } from './get-scorers.query-handler';
import { GetStandingsHandler } from './get-standings.query-handler';
import { GetTieHandler } from './get-tie.query-handler';
import { GetTimelineHandler } from './get-timeline.query-handler';
import { ListMatchesHandler } from './list-matches.query-handler';
import { MatchListController } from './match-list.controller';
import { MatchQueriesController } from './match-queries.controller';
import { HotViewsService } from './hot-views.service';
import { MinVersionGate } from './min-version.gate';
import { TieQueriesController } from './tie-queries.controller';

/** Every query of the API (docs/api.md, "Queries"): controllers → QueryBus → handlers → ReadModelRepository. */
@Module({
  imports: [ReadModelsModule],
  controllers: [
    MatchListController,
    MatchQueriesController,
    TieQueriesController,
    CompetitionQueriesController,
  ],
  providers: [
    MinVersionGate,
    HotViewsService,
    GetMatchHandler,
    GetTimelineHandler,
    GetMatchEventsHandler,
    GetMatchStateHandler,
    GetTieHandler,
    GetScorersHandler,
    GetStandingsHandler,
    GetFixturesHandler,
    ListMatchesHandler,
  ],
  exports: [ReadModelsModule, MinVersionGate, HotViewsService],
})
export class QueriesModule {}
