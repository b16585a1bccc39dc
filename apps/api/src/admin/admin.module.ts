import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApiKeyGuard } from '../access/api-key.guard';
import { ProjectionLagMetrics } from '../metrics/projection-lag.metrics';
import { QueriesModule } from '../queries/queries.module';
import { ReadModelsModule } from '../read-models/read-models.module';
import { AdminController } from './admin.controller';
import { GetProjectionsHandler } from './get-projections.query';
import { RebuildMatchHandler } from './rebuild-match.command';
import { RequestRebuildHandler } from './request-rebuild.command';
import { ResolveParkedHandler } from './resolve-parked.command';

/** Replay and operations: rebuilds, projection positions, parked streams. */
@Module({
  imports: [CqrsModule, ReadModelsModule, QueriesModule],
  controllers: [AdminController],
  providers: [
    ApiKeyGuard,
    ProjectionLagMetrics,
    RequestRebuildHandler,
    GetProjectionsHandler,
    RebuildMatchHandler,
    ResolveParkedHandler,
  ],
})
export class AdminModule {}
