import { z } from 'zod';
import { inPlayEventSchemas } from './match-event.schema';
import { IN_PLAY_EVENT_TYPES, type InPlayEventType } from './match-event.types';
import { periodSchema, scoreSchema } from './match.view.schema';

const base = {
  seq: z.int().min(1),
  eventId: z.string().nullable(),
  minute: z.int().nullable(),
  stoppage: z.int().nullable(),
  period: periodSchema.nullable(),
  recordedAt: z.string().meta({ format: 'date-time' }),
  scoreAfter: scoreSchema.meta({
    description: 'the score once this event had been applied (a goal later ruled out still shows here)',
  }),
  shootoutAfter: scoreSchema.nullable(),
  corrected: z.boolean().meta({ description: 'an EventCorrected has changed this event' }),
};

const goalExtras = {
  counts: z.boolean().meta({ description: 'whether the goal counts now' }),
  disallowed: z
    .object({ reason: z.enum(['offside', 'foul', 'handball', 'var', 'other']), seq: z.int().min(1) })
    .nullable()
    .meta({ description: 'why the goal no longer counts, and since which seq' }),
};
const reviewExtras = {
  review: z
    .object({ outcome: z.enum(['confirmed', 'overturned']).nullable(), decision: z.string().nullable() })
    .meta({ description: 'how the review ended (outcome null while it is open)' }),
};

/** The types a timeline shows: corrections and retractions are applied, not listed. */
type ShownType = Exclude<InPlayEventType, 'EventCorrected' | 'EventRetracted'>;
const SHOWN = IN_PLAY_EVENT_TYPES.filter(
  (type): type is ShownType => type !== 'EventCorrected' && type !== 'EventRetracted',
);

const entry = <T extends ShownType>(type: T) => {
  const schema: z.ZodObject = inPlayEventSchemas[type];
  const own = schema.omit({ eventId: true, minute: true, stoppage: true });
  const extras = type === 'GoalScored' ? goalExtras : type === 'VarReviewStarted' ? reviewExtras : {};
  return own.extend({ ...base, ...extras }).meta({ id: `Timeline${type}` });
};

/** One entry of `GET /matches/{id}/timeline`: the event as it now stands plus its effect. */
export const timelineEntrySchema = z
  .discriminatedUnion('type', SHOWN.map(entry) as unknown as [ReturnType<typeof entry>])
  .meta({ id: 'TimelineEntry' });
