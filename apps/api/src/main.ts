import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { Express, Request, Response } from 'express';
import helmet from 'helmet';
import { Config, createLogger, loadConfig, onShutdownSignal } from '@touchline/platform';
import { migrate } from '@touchline/read-models';
import { parseApiKeys } from './access/api-keys';
import { AppModule } from './app.module';
import { buildAsyncApiDocument } from './contract/asyncapi.document';
import { buildOpenApiDocument } from './contract/openapi.document';
import { ProblemFilter } from './http/problem.filter';

/** sysexits' EX_CONFIG: the process cannot start with this configuration. */
const EXIT_CONFIG = 78;

function configOrExit(): Config {
  try {
    const config = loadConfig();
    parseApiKeys(config.apiKeys, 'validation only');
    return config;
  } catch (err) {
    // Before Nest (whose errors would exit without a word): one clear line, then a distinct code.
    process.stderr.write(`touchline api: ${(err as Error).message}\n`);
    process.exit(EXIT_CONFIG);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.logLevel, 'api');
  await migrate(config.database.url, logger);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: false,
    bodyParser: false,
  });
  // Security headers first, so that even a body the parser refuses is answered with them.
  app.use(helmet());
  app.useBodyParser('json', {
    limit: config.bodyLimit,
    strict: false,
    type: ['application/json', 'application/*+json'],
  });
  app.disable('x-powered-by');
  app.useGlobalFilters(new ProblemFilter(logger));
  // The documents are generated from the schemas the code validates and answers with.
  const asyncApi = buildAsyncApiDocument();
  const server = app.getHttpAdapter().getInstance() as Express;
  server.get('/docs/asyncapi.json', (_req: Request, res: Response) => void res.json(asyncApi));
  SwaggerModule.setup('docs', app, buildOpenApiDocument() as unknown as OpenAPIObject, {
    jsonDocumentUrl: 'docs/openapi.json',
  });
  await app.listen(config.port, config.host);
  logger.info({ port: config.port }, 'api listening');
  onShutdownSignal(logger, () => app.close());
}

main().catch((err: unknown) => {
  createLogger('error', 'api').fatal({ err }, 'api failed to start');
  process.exit(1);
});
