import { applyDecorators } from '@nestjs/common';
import { ApiQuery, ApiResponse, type SchemaObject } from '@nestjs/swagger';

const score: SchemaObject = {
  type: 'object',
  properties: { home: { type: 'integer' }, away: { type: 'integer' } },
};
const team: SchemaObject = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
};
const tally: SchemaObject = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  description: 'keyed by team id',
  example: { LAFC: 2, MIA: 3 },
};

export const matchViewSchema: SchemaObject = {
  type: 'object',
  properties: {
    matchId: { type: 'string' },
    competition: { type: 'string' },
    tieId: { type: 'string', nullable: true },
    leg: { type: 'integer', enum: [1, 2], nullable: true },
    homeTeam: team,
    awayTeam: team,
    kickoffAt: { type: 'string', format: 'date-time', nullable: true },
    status: { type: 'string', enum: ['scheduled', 'live', 'finished', 'abandoned'] },
    period: { type: 'string', enum: ['1H', '2H', 'ET1', 'ET2', 'PSO'], nullable: true },
    minute: { type: 'integer', nullable: true },
    stoppage: { type: 'integer', nullable: true },
    score,
    shootout: { ...score, nullable: true },
    version: { type: 'integer', description: 'seq of the last event applied' },
    lastRecordedAt: { type: 'string', format: 'date-time', nullable: true },
  },
};

export const timelineSchema: SchemaObject = {
  type: 'object',
  properties: {
    matchId: { type: 'string' },
    version: { type: 'integer' },
    score,
    events: {
      type: 'array',
      items: {
        type: 'object',
        description: "the event's own fields plus these",
        properties: {
          seq: { type: 'integer' },
          eventId: { type: 'string', nullable: true },
          type: { type: 'string' },
          minute: { type: 'integer', nullable: true },
          stoppage: { type: 'integer', nullable: true },
          period: { type: 'string', nullable: true },
          recordedAt: { type: 'string', format: 'date-time' },
          scoreAfter: score,
          corrected: { type: 'boolean' },
          counts: { type: 'boolean', description: 'goals only' },
          disallowed: {
            type: 'object',
            nullable: true,
            properties: { reason: { type: 'string' }, seq: { type: 'integer' } },
          },
          review: {
            type: 'object',
            description: 'VarReviewStarted only',
            properties: {
              outcome: { type: 'string', nullable: true },
              decision: { type: 'string', nullable: true },
            },
          },
        },
      },
    },
  },
};

export const eventsSchema: SchemaObject = {
  type: 'object',
  properties: {
    matchId: { type: 'string' },
    version: { type: 'integer' },
    events: {
      type: 'array',
      items: {
        type: 'object',
        description:
          'the event as posted plus streamId, seq, type, eventId, schemaVersion, recordedAt, feeder',
      },
    },
  },
};

export const tieSchema: SchemaObject = {
  type: 'object',
  properties: {
    tieId: { type: 'string' },
    competition: { type: 'string' },
    rules: { type: 'object' },
    legs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          leg: { type: 'integer' },
          matchId: { type: 'string' },
          homeTeam: { type: 'string', nullable: true },
          awayTeam: { type: 'string', nullable: true },
          score: { ...score, nullable: true },
          status: { type: 'string', nullable: true },
          version: { type: 'integer', nullable: true },
        },
      },
    },
    aggregate: tally,
    awayGoals: tally,
    leader: { type: 'string', nullable: true },
    reason: { type: 'string', enum: ['aggregate', 'away_goals', 'penalties', 'level'] },
    decided: { type: 'boolean' },
    winner: { type: 'string', nullable: true },
    shootout: { ...tally, nullable: true, example: null },
  },
};

export const scorersSchema: SchemaObject = {
  type: 'array',
  items: {
    type: 'object',
    properties: { player: { type: 'string' }, team: { type: 'string' }, goals: { type: 'integer' } },
  },
};

const standingsRow: SchemaObject = {
  type: 'object',
  properties: {
    pos: { type: 'integer' },
    team: { type: 'string' },
    played: { type: 'integer' },
    won: { type: 'integer' },
    drawn: { type: 'integer' },
    lost: { type: 'integer' },
    goalsFor: { type: 'integer' },
    goalsAgainst: { type: 'integer' },
    goalDifference: { type: 'integer' },
    points: { type: 'integer' },
    fairPlay: {
      type: 'integer',
      description: 'FIFA team conduct: yellow -1, second yellow -3, red -4, yellow then red -5',
    },
    live: { type: 'boolean', description: 'a match counted in this row is being played' },
    lots: { type: 'boolean', description: 'level with another team on every criterion' },
  },
};

export const standingsSchema: SchemaObject = {
  type: 'object',
  properties: {
    competition: { type: 'string' },
    name: { type: 'string', nullable: true },
    rules: {
      type: 'object',
      properties: {
        points: {
          type: 'object',
          properties: { win: { type: 'integer' }, draw: { type: 'integer' }, loss: { type: 'integer' } },
        },
        tiebreakers: { type: 'string', enum: ['fifa', 'uefa', 'league'] },
      },
    },
    tables: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          group: { type: 'string', nullable: true, description: 'null: the league table' },
          live: { type: 'boolean' },
          rows: { type: 'array', items: standingsRow },
        },
      },
    },
    thirdPlaced: { type: 'array', items: standingsRow, nullable: true },
  },
};

export const fixturesSchema: SchemaObject = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      matchId: { type: 'string' },
      round: { type: 'string', nullable: true },
      group: { type: 'string', nullable: true },
      tieId: { type: 'string', nullable: true },
      homeTeam: team,
      awayTeam: team,
      kickoffAt: { type: 'string', format: 'date-time', nullable: true },
      status: { type: 'string', enum: ['scheduled', 'live', 'finished', 'abandoned'] },
      score,
      shootout: { ...score, nullable: true },
    },
  },
};

const problem = { schema: { type: 'object', description: 'application/problem+json (RFC 9457)' } };

/** The problems every match query may answer with. */
export function ApiQueryProblems(): MethodDecorator {
  return applyDecorators(
    ApiResponse({
      status: 400,
      description: 'a query parameter is not valid (named in errors[].field)',
      ...problem,
    }),
    ApiResponse({ status: 404, description: 'no such stream', ...problem }),
    ApiResponse({
      status: 503,
      description: 'minVersion not reached within the wait; see Retry-After',
      ...problem,
    }),
  );
}

export function ApiMinVersion(): MethodDecorator {
  return ApiQuery({
    name: 'minVersion',
    required: false,
    type: Number,
    description: 'read-your-writes: answer only once the match is projected up to this seq (waits, then 503)',
  });
}

export function ApiMatchVersions(): MethodDecorator {
  return ApiQuery({
    name: 'minVersion',
    required: false,
    type: String,
    isArray: true,
    description:
      'read-your-writes, repeatable: <matchId>:<seq>; answers once those matches are projected that far',
    example: 'wc-a-1:12',
  });
}
