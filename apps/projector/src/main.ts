import 'reflect-metadata';
import { createServer } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { register } from 'prom-client';
import { createLogger, loadConfig, onShutdownSignal } from '@touchline/platform';
import { ProjectorModule } from './projector.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'projector');
  const app = await NestFactory.createApplicationContext(ProjectorModule, {
    logger: false,
    abortOnError: false,
  });
  const port = config.projectorMetricsPort;
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      void register
        .metrics()
        .then((body) => res.writeHead(200, { 'content-type': register.contentType }).end(body));
    } else if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else {
      res.writeHead(404).end();
    }
  });
  server.on('error', (err) => logger.warn({ err }, 'metrics endpoint unavailable'));
  if (port > 0) server.listen(port, '127.0.0.1');
  onShutdownSignal(logger, async () => {
    server.close();
    await app.close();
  });
}

main().catch((err: unknown) => {
  createLogger('error', 'projector').fatal({ err }, 'projector failed to start');
  process.exit(1);
});
