import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import {
  declareCompetitionSchema,
  matchViewSchema,
  recordEventsBodySchema,
  scheduleMatchSchema,
  scheduleTieSchema,
  scorersSchema,
  streamIdSchema,
} from '@touchline/domain';
import {
  matchRebuiltSchema,
  parkedOutcomeSchema,
  projectionsReportSchema,
  rebuildRequestedSchema,
} from '../admin/admin.schema';
import { problemSchema } from '../http/problem.schema';
import type { ProblemStatus } from '../http/problem.types';
import {
  fixturesResponseSchema,
  matchListResponseSchema,
  standingsResponseSchema,
  matchEventsResponseSchema,
  tieResponseSchema,
  timelineResponseSchema,
} from '../queries/query-responses.schema';
import {
  eventsAppendedSchema,
  competitionDeclaredAckSchema,
  matchScheduledAckSchema,
  tieScheduledAckSchema,
} from '../write-side/command-result.schema';
import { EXAMPLE_EVENTS, EXAMPLE_MATCH, EXAMPLE_TIE, EXAMPLE_TIE_STANDING } from './examples';

const PROBLEM_DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'The request is not valid: malformed JSON, or fields refused by name (errors[].field)',
  401: 'No API key, or one that is unknown or malformed',
  403: 'The key may not do that (role, or competitions it is limited to)',
  404: 'No such stream',
  405: 'Method not allowed',
  409: 'Conflict: an eventId reused with other content, an expectedVersion that is not current, or the id already taken',
  413: 'The request body is too large',
  415: 'The request body must be JSON',
  422: 'A rule of the match or the tie refuses it: `rule` names which',
  429: 'Too many requests from this client; see Retry-After',
  500: 'Internal error, or a stream whose stored records the server cannot apply (never internal detail)',
  503:
    'Temporarily unavailable (the log did not acknowledge, minVersion not reached in time, or — for a command — ' +
    'the writer role is moving between instances or the writer cannot be reached); see Retry-After',
};

const retryAfter = z.object({
  'Retry-After': z.string().meta({ description: 'seconds to wait before retrying', example: '1' }),
});

const problemSchemas = new Map<ProblemStatus, ReturnType<typeof problemSchema>>();
const problemOf = (status: ProblemStatus) => {
  if (!problemSchemas.has(status)) problemSchemas.set(status, problemSchema(status));
  return problemSchemas.get(status)!;
};

function problems(...statuses: ProblemStatus[]): Record<string, ZodOpenApiResponseObject> {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: PROBLEM_DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: problemOf(status) } },
        ...(status === 429 || status === 503 ? { headers: retryAfter } : {}),
      },
    ]),
  );
}

function ok(schema: z.ZodType, description: string, example?: unknown): ZodOpenApiResponseObject {
  return {
    description,
    content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } },
  };
}

const etag = z.object({
  ETag: z.string().meta({
    description:
      "names the version of what answered: a match's seq, a tie's legs' seqs, or a digest of the versions of every " +
      'match a list, a table or a time travel was read from (it also changes when the server restarts); ' +
      'send it back as If-None-Match',
    example: '"14.mihx0k2s"',
  }),
});
const ifNoneMatch = z.object({
  'If-None-Match': z.string().optional().meta({
    description: 'an ETag received before: 304 without a body while the answer has not changed',
    example: '"14.mihx0k2s"',
  }),
});

/** The 200 of a GET whose answer changes only with a version, and its 304. */
function versioned(
  schema: z.ZodType,
  description: string,
  example?: unknown,
): Record<string, ZodOpenApiResponseObject> {
  return {
    '200': { ...ok(schema, description, example), headers: etag },
    '304': { description: 'Not modified: the If-None-Match sent names the current version', headers: etag },
  };
}

const matchIdPath = z.object({ matchId: streamIdSchema });
const minVersion = z.int().min(0).optional().meta({
  description:
    'read-your-writes: answer once the match is projected up to this seq (waits up to 5 s, then 503)',
});

const matchVersions = z
  .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}:\d+$/))
  .optional()
  .meta({
    description: 'read-your-writes, repeatable: <matchId>:<seq>, answered once each is projected',
    example: ['ccc-2025-qf-mia-lafc-2:14'],
  });
const competitionPath = z.object({ competition: streamIdSchema });
const STATUSES = ['scheduled', 'live', 'finished', 'abandoned'] as const;

const COMMAND_PROBLEMS = [400, 401, 403, 413, 415, 422, 429, 500, 503] as const;
const QUERY_PROBLEMS = [400, 404, 429, 503] as const;
const bearer = [{ bearerAuth: [] }];

const PUBLIC: ZodOpenApiOperationObject['security'] = [];

function query(
  summary: string,
  operation: Omit<ZodOpenApiOperationObject, 'summary'>,
): ZodOpenApiOperationObject {
  return { summary, tags: ['queries'], security: PUBLIC, ...operation };
}

const operations = {
  '/ties': {
    post: {
      operationId: 'scheduleTie',
      summary: 'Schedule a tie: two legs, or one match (a final) with awayGoals "none"',
      description:
        'A level tie goes to extra time (if extraTime) and penalties (if penalties) in its deciding match: the second leg, or the only one.',
      tags: ['commands'],
      security: bearer,
      requestBody: {
        required: true,
        content: { 'application/json': { schema: scheduleTieSchema, example: EXAMPLE_TIE } },
      },
      responses: {
        '201': ok(tieScheduledAckSchema, 'Scheduled'),
        '200': ok(tieScheduledAckSchema, 'The same tie again: nothing new appended'),
        ...problems(...COMMAND_PROBLEMS, 409),
      },
    },
  },
  '/matches': {
    get: query('Matches across competitions: live, recent or scheduled', {
      operationId: 'listMatches',
      description:
        'Each item has the shape of GET /matches/{matchId}. live and scheduled come in kick-off order; ' +
        'recent (finished or abandoned) and no status at all, latest activity first.',
      requestParams: {
        header: ifNoneMatch,
        query: z.object({
          status: z.enum(['live', 'recent', 'scheduled']).optional(),
          limit: z.int().min(1).max(100).optional().meta({ description: 'at most this many (default 20)' }),
        }),
      },
      responses: { ...versioned(matchListResponseSchema, 'The matches'), ...problems(400, 429, 503) },
    }),
    post: {
      operationId: 'scheduleMatch',
      summary: 'Schedule a match (optionally a leg of a tie, in a group or a round)',
      tags: ['commands'],
      security: bearer,
      requestBody: {
        required: true,
        content: { 'application/json': { schema: scheduleMatchSchema, example: EXAMPLE_MATCH } },
      },
      responses: {
        '201': ok(matchScheduledAckSchema, 'Scheduled'),
        '200': ok(matchScheduledAckSchema, 'The same match again: nothing new appended'),
        ...problems(...COMMAND_PROBLEMS, 409),
      },
    },
  },
  '/matches/{matchId}/events': {
    post: {
      operationId: 'recordEvents',
      summary: 'Record one event (object) or several (array, appended all or none)',
      description:
        "The event catalog, by `type`. A field outside an event's list is refused with a 400 that names it. " +
        'expectedVersion (in the body or as If-Match) must be the current last seq, else 409 with currentVersion.',
      tags: ['commands'],
      security: bearer,
      requestParams: {
        path: matchIdPath,
        header: z.object({
          'If-Match': z
            .string()
            .optional()
            .meta({ description: "the stream's current last seq (same as expectedVersion)", example: '14' }),
        }),
      },
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: recordEventsBodySchema,
            examples: {
              goal: { summary: 'A goal', value: EXAMPLE_EVENTS.goal },
              disallowed: { summary: 'A goal ruled out', value: EXAMPLE_EVENTS.disallowed },
              var: {
                summary: 'A VAR review that gives a penalty, and the penalty scored (all or none)',
                value: [
                  EXAMPLE_EVENTS.varStarted,
                  EXAMPLE_EVENTS.varCompleted,
                  EXAMPLE_EVENTS.penalty,
                  EXAMPLE_EVENTS.penaltyGoal,
                ],
              },
            },
          },
        },
      },
      responses: {
        '201': ok(eventsAppendedSchema, 'Appended (an array posted: a list of results)'),
        '200': ok(
          eventsAppendedSchema,
          'The same eventIds with the same content again: the original results',
        ),
        ...problems(...COMMAND_PROBLEMS, 404, 409),
      },
    },
    get: query('The raw stream, in seq order', {
      operationId: 'getMatchEvents',
      requestParams: {
        path: matchIdPath,
        header: ifNoneMatch,
        query: z.object({
          fromSeq: z.int().min(0).optional().meta({ description: 'first seq to return (default 1)' }),
          limit: z
            .int()
            .min(1)
            .max(10000)
            .optional()
            .meta({ description: 'at most this many (default 10000)' }),
          minVersion,
        }),
      },
      responses: { ...versioned(matchEventsResponseSchema, 'The records'), ...problems(...QUERY_PROBLEMS) },
    }),
  },
  '/matches/{matchId}': {
    get: query('Scoreline and state of a match', {
      operationId: 'getMatch',
      requestParams: { path: matchIdPath, header: ifNoneMatch, query: z.object({ minVersion }) },
      responses: { ...versioned(matchViewSchema, 'The match'), ...problems(...QUERY_PROBLEMS) },
    }),
  },
  '/matches/{matchId}/timeline': {
    get: query('Every event in order with its effect on the score', {
      operationId: 'getTimeline',
      description: 'Goals that no longer count say why (offside, VAR…); VAR reviews carry their outcome.',
      requestParams: { path: matchIdPath, header: ifNoneMatch, query: z.object({ minVersion }) },
      responses: { ...versioned(timelineResponseSchema, 'The timeline'), ...problems(...QUERY_PROBLEMS) },
    }),
  },
  '/matches/{matchId}/state': {
    get: query('Time travel: the match as it stood at a seq, a minute and/or an instant', {
      operationId: 'getMatchState',
      description:
        'Same shape as GET /matches/{matchId}. atSeq keeps events up to that seq; at keeps events up to that ' +
        'point of the match clock (corrections applied); asOf keeps what had been recorded by then. They combine.',
      requestParams: {
        path: matchIdPath,
        header: ifNoneMatch,
        query: z.object({
          atSeq: z.int().min(1).optional().meta({ example: 12 }),
          at: z
            .string()
            .regex(/^\d{1,3}(\+\d{1,2})?$/)
            .optional()
            .meta({ description: 'match clock: a minute, or minute+stoppage', example: '90+3' }),
          asOf: z.iso.datetime({ offset: true }).optional().meta({ example: '2025-04-10T02:31:00Z' }),
          minVersion,
        }),
      },
      responses: { ...versioned(matchViewSchema, 'The match as it stood'), ...problems(...QUERY_PROBLEMS) },
    }),
  },
  '/matches/{matchId}/live': {
    get: {
      operationId: 'followLive',
      security: PUBLIC,
      summary: 'Server-Sent Events: each new event with the state after it (see the AsyncAPI document)',
      description:
        'Events `snapshot` (fresh connection), then `match-event` with SSE id = seq. Reconnect with Last-Event-ID to miss nothing.',
      tags: ['streams'],
      requestParams: {
        path: matchIdPath,
        header: z.object({
          'Last-Event-ID': z
            .string()
            .optional()
            .meta({ description: 'the last seq received; the events after it follow', example: '14' }),
        }),
      },
      responses: {
        '200': {
          description: 'An event stream (text/event-stream); messages are described in /docs/asyncapi.json',
          content: { 'text/event-stream': { schema: z.string() } },
        },
        ...problems(400, 404, 429, 503),
      },
    },
  },
  '/matches/{matchId}/replay': {
    get: {
      operationId: 'replayMatch',
      security: PUBLIC,
      summary: "Re-stream a match's events (SSE), each with the state after it, paced by speed",
      description: 'Events `match-event` (SSE id = seq), then `end`.',
      tags: ['streams'],
      requestParams: {
        path: matchIdPath,
        header: z.object({
          'Last-Event-ID': z.string().optional().meta({
            description:
              'the last seq received: a reconnecting client resumes after it (takes precedence over fromSeq)',
            example: '14',
          }),
        }),
        query: z.object({
          fromSeq: z.int().min(1).optional().meta({
            description: 'start at this seq (default 1); the state still covers the events before it',
          }),
          speed: z
            .number()
            .min(0)
            .optional()
            .meta({ description: 'original gaps divided by this; 0 = no pacing (default 1)' }),
        }),
      },
      responses: {
        '200': {
          description: 'An event stream (text/event-stream); messages are described in /docs/asyncapi.json',
          content: { 'text/event-stream': { schema: z.string() } },
        },
        ...problems(400, 404, 429, 503),
      },
    },
  },
  '/ties/{tieId}': {
    get: query('Standing of a tie (one match or two legs)', {
      operationId: 'getTie',
      description:
        "Who goes through if it ended now, and why: aggregate, away goals, penalties. For a one-match tie the aggregate is that match's score and awayGoals are zero.",
      requestParams: {
        path: z.object({ tieId: streamIdSchema }),
        header: ifNoneMatch,
        query: z.object({
          minVersion: matchVersions.meta({
            description: 'read-your-writes, repeatable (at most the two legs): <matchId>:<seq> of a leg',
          }),
        }),
      },
      responses: {
        ...versioned(tieResponseSchema, 'The tie', EXAMPLE_TIE_STANDING),
        ...problems(...QUERY_PROBLEMS),
      },
    }),
  },
  '/competitions/{competition}/scorers': {
    get: query("A competition's scorers, most goals first", {
      operationId: 'getScorers',
      description:
        'Counted goals only; own goals are credited to nobody. An unknown competition has none: [].',
      requestParams: {
        path: z.object({ competition: z.string().meta({ example: 'CCC' }) }),
        header: ifNoneMatch,
      },
      responses: { ...versioned(scorersSchema, 'The scorers'), ...problems(400, 404, 429) },
    }),
  },
  '/competitions': {
    post: {
      operationId: 'declareCompetition',
      summary: 'Declare a competition and the rules of its tables',
      description:
        'Points per result (default 3/1/0) and tiebreakers: fifa (default), uefa or league. 201; the same body again 200; ' +
        'another body for the same competitionId 409. A competition never declared works with the defaults.',
      tags: ['commands'],
      security: bearer,
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: declareCompetitionSchema,
            example: {
              competitionId: 'CCC',
              name: 'CONCACAF Champions Cup',
              standings: { points: { win: 3, draw: 1, loss: 0 }, tiebreakers: 'fifa' },
            },
          },
        },
      },
      responses: {
        '201': ok(competitionDeclaredAckSchema, 'Declared'),
        '200': ok(competitionDeclaredAckSchema, 'The same declaration again: nothing new appended'),
        ...problems(400, 401, 403, 409, 413, 415, 429, 500, 503),
      },
    },
  },
  '/competitions/{competition}/standings': {
    get: query('Group and league tables, as they stand', {
      operationId: 'getStandings',
      description:
        'One table per group; matches with neither group nor tie form the league table (group null); legs of ties never count. ' +
        'Finished matches count, and live ones at their current score (their rows and table say live: true). ' +
        "Ranked by the competition's points and tiebreakers; teams level on everything have lots: true. " +
        '404 for a competition with no match that was never declared, or a group it does not have.',
      requestParams: {
        path: competitionPath,
        header: ifNoneMatch,
        query: z.object({
          group: z
            .string()
            .min(1)
            .max(32)
            .optional()
            .meta({ description: "only this group's table", example: 'A' }),
          minVersion: matchVersions,
        }),
      },
      responses: { ...versioned(standingsResponseSchema, 'The tables'), ...problems(...QUERY_PROBLEMS) },
    }),
  },
  '/competitions/{competition}/matches': {
    get: query('Fixtures and results', {
      operationId: 'getFixtures',
      description:
        'Every match of the competition (group, league and knockout), by kickoffAt then matchId; matches without a kick-off time last.',
      requestParams: {
        path: competitionPath,
        header: ifNoneMatch,
        query: z.object({
          round: z.string().min(1).max(64).optional().meta({ example: 'Matchday 1' }),
          group: z.string().min(1).max(32).optional().meta({ example: 'A' }),
          status: z.enum(STATUSES).optional(),
          minVersion: matchVersions,
        }),
      },
      responses: { ...versioned(fixturesResponseSchema, 'The matches'), ...problems(...QUERY_PROBLEMS) },
    }),
  },
  '/admin/projections/rebuild': {
    post: {
      operationId: 'requestRebuild',
      summary: 'Rebuild every read model from offset 0 of the log, then swap it in atomically',
      tags: ['replay'],
      security: bearer,
      responses: {
        '202': ok(rebuildRequestedSchema, 'Requested (or the one already under way)'),
        ...problems(400, 401, 403, 413, 415, 429),
      },
    },
  },
  '/admin/projections': {
    get: {
      operationId: 'getProjections',
      security: PUBLIC,
      summary: 'Projections with their lag, the latest rebuild, parked streams',
      tags: ['replay'],
      responses: { '200': ok(projectionsReportSchema, 'The report'), ...problems(429, 503) },
    },
  },
  '/admin/matches/{matchId}/rebuild': {
    post: {
      operationId: 'rebuildMatch',
      summary: "Rebuild one match's read models in place from its stored events",
      tags: ['replay'],
      security: bearer,
      requestParams: { path: matchIdPath },
      responses: { '200': ok(matchRebuiltSchema, 'Rebuilt'), ...problems(400, 401, 403, 404, 413, 415, 429) },
    },
  },
  '/admin/parked/{streamId}/retry': {
    post: {
      operationId: 'retryParked',
      summary: "Apply a parked stream's held records again",
      tags: ['replay'],
      security: bearer,
      requestParams: {
        path: z.object({ streamId: z.string().meta({ example: 'match:ccc-2025-qf-mia-lafc-2' }) }),
      },
      responses: {
        '200': ok(parkedOutcomeSchema, 'What was applied'),
        ...problems(400, 401, 403, 404, 413, 415, 429),
      },
    },
  },
  '/admin/parked/{streamId}/skip': {
    post: {
      operationId: 'skipParked',
      summary: 'Drop the record that parked a stream and apply the rest',
      tags: ['replay'],
      security: bearer,
      requestParams: {
        path: z.object({ streamId: z.string().meta({ example: 'match:ccc-2025-qf-mia-lafc-2' }) }),
      },
      responses: {
        '200': ok(parkedOutcomeSchema, 'What was applied'),
        ...problems(400, 401, 403, 404, 413, 415, 429),
      },
    },
  },
  '/health': {
    get: {
      operationId: 'getLiveness',
      security: PUBLIC,
      summary: 'Liveness: the process answers',
      tags: ['operations'],
      responses: { '200': ok(z.object({ status: z.literal('ok') }).meta({ id: 'Live' }), 'Alive') },
    },
  },
  '/health/ready': {
    get: {
      operationId: 'getReadiness',
      security: PUBLIC,
      summary: 'Readiness: Kafka and PostgreSQL answer',
      tags: ['operations'],
      responses: {
        '200': ok(
          z
            .object({ status: z.literal('ok'), kafka: z.literal('ok'), postgres: z.literal('ok') })
            .meta({ id: 'Ready' }),
          'Ready',
        ),
        ...problems(503),
      },
    },
  },
  '/health/writer': {
    get: {
      operationId: 'getWriter',
      security: PUBLIC,
      summary: 'Which instance writes: this one (role writer) or the one commands are forwarded to',
      tags: ['operations'],
      responses: {
        '200': ok(
          z
            .object({
              role: z.enum(['writer', 'follower']),
              takingCommands: z.boolean().meta({ description: 'this instance is the writer and caught up' }),
              writer: z
                .url()
                .nullable()
                .meta({ description: "the writer's TOUCHLINE_ADVERTISED_URL; null while the role moves" }),
              advertisedUrl: z.url(),
            })
            .meta({ id: 'WriterStatus' }),
          'The writer role as this instance knows it',
        ),
      },
    },
  },
  '/health/writer/streams/{streamId}': {
    get: {
      operationId: 'getWriterStream',
      security: PUBLIC,
      summary:
        "The writer's last seq of a stream (0: the log holds no such stream), which the other instances ask it",
      tags: ['operations'],
      requestParams: {
        path: z.object({ streamId: z.string().meta({ example: 'match:ccc-2025-qf-mia-lafc-2' }) }),
      },
      responses: {
        '200': ok(
          z
            .object({
              streamId: z.string(),
              lastSeq: z.int().min(0).meta({ description: 'the last seq the log holds; 0: no such stream' }),
            })
            .meta({ id: 'WriterStreamStatus' }),
          'What the writer knows of the stream',
        ),
        ...problems(400, 503),
      },
    },
  },
} satisfies Record<string, Record<string, ZodOpenApiOperationObject>>;

/** The OpenAPI 3.1 document of the HTTP API, generated from the schemas the code validates and answers with. */
export function buildOpenApiDocument(): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Touchline',
      version: '1',
      description:
        'Live football match data on event sourcing: record events, query projections, replay matches. ' +
        'Errors are RFC 9457 application/problem+json. The Server-Sent Event streams and the Kafka topic are ' +
        'described by the AsyncAPI document at /docs/asyncapi.json.',
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'The API on one machine (PORT, default 3000)' }],
    tags: [
      { name: 'commands', description: 'Need Authorization: Bearer <key> (feeder or admin)' },
      { name: 'queries', description: 'Public' },
      { name: 'streams', description: 'Server-Sent Events, public' },
      { name: 'replay', description: 'Rebuilds (admin) and projection status' },
      { name: 'operations', description: 'Health and metrics' },
    ],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'A key from TOUCHLINE_API_KEYS: feeder (ties, matches, events), admin (also rebuilds)',
        },
      },
    },
    paths: operations,
  });
}
