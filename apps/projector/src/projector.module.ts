import { Module } from '@nestjs/common';
import { Config, CONFIG, createLogger, createPgPool, loadConfig, PG_POOL } from '@touchline/platform';
import { ProjectorMetrics } from './projector.metrics';
import { ProjectorService } from './projector.service';

@Module({
  providers: [
    { provide: CONFIG, useFactory: () => loadConfig() },
    {
      provide: PG_POOL,
      inject: [CONFIG],
      useFactory: (c: Config) => createPgPool(c.database, createLogger(c.logLevel, 'projector')),
    },
    ProjectorMetrics,
    ProjectorService,
  ],
})
export class ProjectorModule {}
