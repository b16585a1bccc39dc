import { Module } from '@nestjs/common';
import { Pool } from 'pg';
import { Config, createLogger, loadConfig } from '@touchline/platform';
import { ProjectorMetrics } from './projector.metrics';
import { ProjectorService } from './projector.service';
import { CONFIG, PG_POOL } from './tokens';

@Module({
  providers: [
    { provide: CONFIG, useFactory: () => loadConfig() },
    {
      provide: PG_POOL,
      inject: [CONFIG],
      useFactory: (c: Config) => {
        const pool = new Pool({ connectionString: c.database.url, max: c.database.poolSize });
        // A client whose server went away (a PostgreSQL restart) emits 'error': on the pool when
        // idle, on the client itself when checked out. Unheard, either kills the process; heard,
        // the broken client is dropped on release and the batch is retried on a new connection.
        const logger = createLogger(c.logLevel, 'projector');
        const warn = (err: Error) => logger.warn({ err }, 'postgresql client error');
        pool.on('error', warn);
        pool.on('connect', (client) => client.on('error', warn));
        return pool;
      },
    },
    ProjectorMetrics,
    ProjectorService,
  ],
})
export class ProjectorModule {}
