import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerModule } from '@nestjs/throttler';
import { Config, CONFIG } from '@touchline/platform';
import { AccessModule } from './access/access.module';
import { ApiKeyGuard } from './access/api-key.guard';
import { HitWindowStorage } from './access/hit-window.storage';
import { KeyThrottlerGuard } from './access/key-throttler.guard';
import { AdminModule } from './admin/admin.module';
import { CentreModule } from './centre/centre.module';
import { StreamsModule } from './streams/streams.module';
import { ForwardToWriter } from './forwarding/forward-to-writer';
import { WriterForwarder } from './forwarding/writer-forwarder';
import { HealthController } from './health/health.controller';
import { KafkaProbe } from './health/kafka-probe';
import { InfraModule } from './infra/infra.module';
import { MatchCommandsController } from './matches/matches.controller';
import { RecordEventsHandler } from './matches/record-events.command-handler';
import { ScheduleMatchHandler } from './matches/schedule-match.command-handler';
import { MetricsController } from './metrics/metrics.controller';
import { QueriesModule } from './queries/queries.module';
import { CompetitionCommandsController } from './competitions/competitions.controller';
import { DeclareCompetitionHandler } from './competitions/declare-competition.command-handler';
import { ScheduleTieHandler } from './ties/schedule-tie.command-handler';
import { TieCommandsController } from './ties/ties.controller';
import { WriteSideModule } from './write-side/write-side.module';

@Module({
  imports: [
    InfraModule,
    AccessModule,
    CqrsModule.forRoot(),
    ThrottlerModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (c: Config) => ({
        throttlers: [{ ttl: c.rateLimitWindowMs, limit: c.rateLimitPerSecond }],
        storage: new HitWindowStorage(),
      }),
    }),
    WriteSideModule,
    AdminModule,
    StreamsModule,
    QueriesModule,
    CentreModule,
  ],
  controllers: [
    HealthController,
    MetricsController,
    TieCommandsController,
    MatchCommandsController,
    CompetitionCommandsController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: KeyThrottlerGuard },
    ApiKeyGuard,
    ForwardToWriter,
    WriterForwarder,
    KafkaProbe,
    ScheduleTieHandler,
    DeclareCompetitionHandler,
    ScheduleMatchHandler,
    RecordEventsHandler,
  ],
})
export class AppModule {}
