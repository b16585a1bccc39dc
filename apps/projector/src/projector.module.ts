import { Module } from '@nestjs/common';
import { Pool } from 'pg';
import { Config, loadConfig } from '@touchline/platform';
import { ProjectorMetrics } from './projector.metrics';
import { ProjectorService } from './projector.service';
import { CONFIG, PG_POOL } from './tokens';

@Module({
  providers: [
    { provide: CONFIG, useFactory: () => loadConfig() },
    {
      provide: PG_POOL,
      inject: [CONFIG],
      useFactory: (c: Config) => new Pool({ connectionString: c.database.url, max: c.database.poolSize }),
    },
    ProjectorMetrics,
    ProjectorService,
  ],
})
export class ProjectorModule {}
