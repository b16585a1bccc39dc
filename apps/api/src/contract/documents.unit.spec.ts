import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import { Parser } from '@asyncapi/parser';
import { RequestMethod } from '@nestjs/common';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { parseInPlayEvents, parseScheduleMatch, parseScheduleTie } from '@touchline/domain';
import seed from '../../../../tests/fixtures/seed-tie.json';
import { AppModule } from '../app.module';
import { buildAsyncApiDocument } from './asyncapi.document';
import { EXAMPLE_EVENTS, EXAMPLE_MATCH, EXAMPLE_TIE } from './examples';
import { buildOpenApiDocument } from './openapi.document';
import { clientTypesOf } from './client-types';
import { CLIENT_TYPES, DOCUMENTS_DIR, documentText } from './write-documents';

const ROOT = join(__dirname, '../../../..');
const kept = (name: string) => readFileSync(join(ROOT, DOCUMENTS_DIR, name), 'utf8');
const REGENERATE = 'out of date: run `npm run api:generate` and commit the result';

/** What `@ApiExcludeController()` of @nestjs/swagger records on a controller. */
const API_EXCLUDE_CONTROLLER = 'swagger/apiExcludeController';

type Routes = Set<string>;

/** Every route the Nest application declares, as "get /matches/{matchId}", read from its modules. */
function declaredRoutes(): Routes {
  const routes: Routes = new Set();
  const seen = new Set<unknown>();
  const visit = (entry: unknown): void => {
    const module = (entry as { module?: unknown }).module ?? entry;
    if (!module || seen.has(module)) return;
    seen.add(module);
    for (const imported of Reflect.getMetadata(MODULE_METADATA.IMPORTS, module as object) ?? [])
      visit(imported);
    for (const controller of Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module as object) ?? []) {
      // Pages, not API (the match centre): left out of the document on purpose.
      if (Reflect.getMetadata(API_EXCLUDE_CONTROLLER, controller)) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const proto = (controller as { prototype: Record<string, unknown> }).prototype;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined)
          continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase();
        const path = [base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')]
          .flatMap((p) => p.split('/'))
          .filter(Boolean)
          .map((segment) => (segment.startsWith(':') ? `{${segment.slice(1)}}` : segment));
        routes.add(`${method} /${path.join('/')}`);
      }
    }
  };
  visit(AppModule);
  return routes;
}

describe('the API documents', () => {
  const openApi = buildOpenApiDocument();
  const asyncApi = buildAsyncApiDocument();

  it('are kept in the repository as the code generates them', () => {
    expect(kept('openapi.json') === documentText(openApi) ? 'up to date' : REGENERATE).toBe('up to date');
    expect(kept('asyncapi.json') === documentText(asyncApi) ? 'up to date' : REGENERATE).toBe('up to date');
  });

  it("the client's types are what openapi-typescript makes of the document, with no unknown or any body", () => {
    // The kept document equals the code's (above), so the types are generated from it.
    const types = clientTypesOf(join(ROOT, DOCUMENTS_DIR, 'openapi.json'));
    expect(readFileSync(join(ROOT, CLIENT_TYPES), 'utf8') === types ? 'up to date' : REGENERATE).toBe(
      'up to date',
    );
    // Response headers may carry others (an index signature); no body, parameter or schema is loose.
    const loose = types
      .split('\n')
      .filter((line) => !line.trim().startsWith('*') && !line.trim().startsWith('/**'))
      .filter((line) => /\b(unknown|any)\b/.test(line) && line.trim() !== '[name: string]: unknown;');
    expect(loose).toEqual([]);
  });

  it('OpenAPI: passes the Redocly lint (recommended rules), every $ref resolving', async () => {
    const problems = await lintFromString({
      source: JSON.stringify(openApi),
      absoluteRef: join(ROOT, DOCUMENTS_DIR, 'openapi.json'),
      // A private API: no licence to state; liveness has no client error to answer with.
      config: await createConfig({
        extends: ['recommended'],
        rules: { 'info-license': 'off', 'operation-4xx-response': 'off' },
      }),
    });
    expect(problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual(
      [],
    );
  });

  it('AsyncAPI: valid for the official parser, with no error', async () => {
    const diagnostics = await new Parser().validate(JSON.stringify(asyncApi));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
  });

  it('OpenAPI: documents every route the API declares, and no other', () => {
    const documented: Routes = new Set(
      Object.entries(openApi.paths ?? {}).flatMap(([path, item]) =>
        Object.keys(item as object).map((method) => `${method} ${path}`),
      ),
    );
    expect([...declaredRoutes()].sort()).toEqual([...documented].sort());
  });

  it('AsyncAPI: a message for every SSE event and every record type of the log', () => {
    const channels = asyncApi.channels as Record<string, { messages: Record<string, unknown> }>;
    expect(Object.keys(channels.live.messages).sort()).toEqual(['matchEvent', 'snapshot']);
    expect(Object.keys(channels.replay.messages).sort()).toEqual(['end', 'matchEvent']);
    expect(Object.keys(channels.log.messages)).toEqual(
      expect.arrayContaining([
        'MatchScheduled',
        'GoalScored',
        'EventRetracted',
        'TieScheduled',
        'CompetitionDeclared',
      ]),
    );
  });

  it("examples are the seed tie's own, and the request schemas accept them", () => {
    expect(seed.tie).toEqual(EXAMPLE_TIE);
    expect(seed.matches).toContainEqual(EXAMPLE_MATCH);
    const posted = seed.events['ccc-2025-qf-mia-lafc-2'].map((e) => e.event);
    for (const example of Object.values(EXAMPLE_EVENTS)) expect(posted).toContainEqual(example);
    expect(parseScheduleTie(EXAMPLE_TIE).ok).toBe(true);
    expect(parseScheduleMatch(EXAMPLE_MATCH).ok).toBe(true);
    expect(parseInPlayEvents(Object.values(EXAMPLE_EVENTS)).ok).toBe(true);
  });
});
