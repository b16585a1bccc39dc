import { z } from 'zod';
import type { Fits } from '@touchline/domain';
import type { ParkedOutcome } from '@touchline/read-models';
import type { ProjectionsReport } from './get-projections.query';

const rebuildStatus = z.enum(['requested', 'running', 'done', 'failed']);

export const rebuildRequestedSchema = z.object({ rebuildId: z.string(), status: rebuildStatus }).meta({
  id: 'RebuildRequested',
  example: { rebuildId: '1f0c7c4e-8a5b-4d43-9a36-0f8f2b9c2d11', status: 'requested' },
});

export const projectionsReportSchema = z
  .object({
    projections: z.array(
      z.object({
        name: z.string(),
        lag: z.int().min(0).meta({ description: 'records in the log not yet applied, over all partitions' }),
        partitions: z.array(
          z.object({ partition: z.int(), nextOffset: z.int(), endOffset: z.int(), lag: z.int() }),
        ),
      }),
    ),
    rebuild: z
      .object({
        rebuildId: z.string(),
        status: rebuildStatus,
        done: z.int().min(0),
        total: z.int().min(0),
        rate: z.number().nullable().meta({ description: 'records per second' }),
        error: z.string().nullable(),
        requestedAt: z.string().meta({ format: 'date-time' }),
        startedAt: z.string().nullable().meta({ format: 'date-time' }),
        finishedAt: z.string().nullable().meta({ format: 'date-time' }),
        eta: z.number().nullable().meta({ description: 'seconds left, while running' }),
      })
      .nullable()
      .meta({ description: 'the latest rebuild, null when there has been none' }),
    parked: z.array(
      z.object({
        streamId: z.string(),
        partition: z.int(),
        offset: z.int(),
        error: z.string(),
        heldRecords: z.int().min(0),
        parkedAt: z.string().meta({ format: 'date-time' }),
      }),
    ),
  })
  .meta({ id: 'ProjectionsReport' });

export const matchRebuiltSchema = z
  .object({ matchId: z.string(), version: z.int().min(0) })
  .meta({ id: 'MatchRebuilt' });

export const parkedOutcomeSchema = z
  .object({
    streamId: z.string(),
    applied: z.int().min(0),
    stillParked: z.int().min(0),
    skippedOffset: z.int().nullable(),
  })
  .meta({ id: 'ParkedOutcome' });

export type ProjectionsReportFits = Fits<typeof projectionsReportSchema, ProjectionsReport>;
export type ParkedOutcomeFits = Fits<typeof parkedOutcomeSchema, ParkedOutcome>;
