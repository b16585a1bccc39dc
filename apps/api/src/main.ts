import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import bytes from 'bytes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Config, createLogger, loadConfig, onShutdownSignal } from '@touchline/platform';
import { migrate } from '@touchline/read-models';
import { parseApiKeys } from './access/api-keys';
import { AppModule } from './app.module';
import { buildAsyncApiDocument } from './contract/asyncapi.document';
import { buildOpenApiDocument } from './contract/openapi.document';
import { registerBodyParsers } from './http/body-parsers';
import { ProblemFilter } from './http/problem.filter';
import { registerSecurityHeaders } from './http/security-headers';
import { answerNotModified } from './http/version-etag';

/** sysexits' EX_CONFIG: the process cannot start with this configuration. */
const EXIT_CONFIG = 78;

function configOrExit(): { config: Config; bodyLimit: number } {
  try {
    const config = loadConfig();
    parseApiKeys(config.apiKeys, 'validation only');
    const bodyLimit = bytes.parse(config.bodyLimit);
    if (bodyLimit === null || !Number.isSafeInteger(bodyLimit) || bodyLimit <= 0) {
      throw new Error(`BODY_LIMIT: '${config.bodyLimit}' is not a size such as 1mb or 16kb`);
    }
    return { config, bodyLimit };
  } catch (err) {
    // Before Nest (whose errors would exit without a word): one clear line, then a distinct code.
    process.stderr.write(`touchline api: ${(err as Error).message}\n`);
    process.exit(EXIT_CONFIG);
  }
}

async function main(): Promise<void> {
  const { config, bodyLimit } = configOrExit();
  // Refused in NODE_OPTIONS; V8 reads it at each full collection, so setting it here is in time.
  if (config.heapGrowingPercent > 0)
    setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  const logger = createLogger(config.logLevel, 'api');
  await migrate(config.database.url, logger);
  const problems = new ProblemFilter(logger);
  const adapter = new FastifyAdapter({
    bodyLimit,
    // Longer than any URL Node accepts: a long id is judged by its route (404), never by the router.
    maxParamLength: 16384,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: (err: Error, _req: FastifyRequest, reply: FastifyReply) => problems.send(err, reply),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    logger: false,
    bodyParser: false,
  });
  const server = app.getHttpAdapter().getInstance();
  // Security headers first (an onRequest hook), so that even a body the parser refuses has them.
  registerSecurityHeaders(server);
  registerBodyParsers(server, bodyLimit);
  answerNotModified(server);
  app.useGlobalFilters(problems);
  // The documents are generated from the schemas the code validates and answers with.
  const asyncApi = buildAsyncApiDocument();
  server.get('/docs/asyncapi.json', (_req, reply) => reply.send(asyncApi));
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
