import { z } from 'zod';
import { fieldPath, issuesToErrors, type FieldError, type Parsed } from '../common/parsed';
import { IN_PLAY_EVENT_TYPES, type InPlayEvent, type InPlayEventType } from './match-event.types';

export const MAX_EVENTS_PER_POST = 500;

const text = (max: number) => z.string().trim().min(1).max(max);
const teamId = text(64);
const player = text(100);
const ref = text(128);
const period = z.enum(['1H', '2H', 'ET1', 'ET2', 'PSO']);
const minute = z.int().min(0).max(130);
const stoppage = z.int().min(0).max(30);
const envelope = { eventId: ref.optional(), minute: minute.optional(), stoppage: stoppage.optional() };
const goalKind = z.enum(['open_play', 'penalty', 'free_kick', 'header', 'own_goal']);

const correctionChanges = z
  .strictObject({
    team: teamId.optional(),
    player: player.optional(),
    assist: player.nullable().optional(),
    kind: goalKind.optional(),
    minute: minute.optional(),
    stoppage: stoppage.nullable().optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'changes must name at least one field' });

const event = <T extends InPlayEventType, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...envelope, ...shape });

/** One strict schema per event type: a field outside the type's list is refused by name. */
const EVENT_SCHEMAS = {
  PeriodStarted: event('PeriodStarted', { period }),
  PeriodEnded: event('PeriodEnded', { period }),
  StoppageTimeAnnounced: event('StoppageTimeAnnounced', { period, added: z.int().min(0).max(30) }),
  GoalScored: event('GoalScored', { team: teamId, player, assist: player.optional(), kind: goalKind }),
  GoalDisallowed: event('GoalDisallowed', {
    goalEventId: ref,
    reason: z.enum(['offside', 'foul', 'handball', 'var', 'other']),
  }),
  OffsideCalled: event('OffsideCalled', { team: teamId, player: player.optional() }),
  VarReviewStarted: event('VarReviewStarted', {
    reviewId: ref,
    incident: z.enum(['goal', 'penalty', 'red_card', 'mistaken_identity']),
    refEventId: ref.optional(),
  }),
  VarReviewCompleted: event('VarReviewCompleted', {
    reviewId: ref,
    outcome: z.enum(['confirmed', 'overturned']),
    decision: text(100).optional(),
  }),
  PenaltyAwarded: event('PenaltyAwarded', {
    team: teamId,
    player: player.optional(),
    offender: player.optional(),
    reason: text(500).optional(),
  }),
  PenaltyMissed: event('PenaltyMissed', {
    team: teamId,
    player,
    outcome: z.enum(['saved', 'missed', 'woodwork']),
  }),
  CardShown: event('CardShown', { team: teamId, player, card: z.enum(['yellow', 'second_yellow', 'red']) }),
  SubstitutionMade: event('SubstitutionMade', { team: teamId, playerOff: player, playerOn: player }),
  ShootoutKick: event('ShootoutKick', { team: teamId, player, scored: z.boolean() }),
  MatchEnded: event('MatchEnded', {}),
  MatchAbandoned: event('MatchAbandoned', { reason: text(500) }),
  EventCorrected: event('EventCorrected', { refEventId: ref, changes: correctionChanges }),
  EventRetracted: event('EventRetracted', { refEventId: ref, reason: text(500) }),
};
const SCHEMAS: { [K in InPlayEventType]: z.ZodType<Extract<InPlayEvent, { type: K }>> } = EVENT_SCHEMAS;

/** The per-type schemas the parser validates with (the record and stream payloads build on them). */
export const inPlayEventSchemas = EVENT_SCHEMAS;

const expectedVersionSchema = z
  .int()
  .min(0)
  .meta({ description: "optimistic concurrency: the stream's current last seq (or send If-Match)" });

const postedVariant = <T extends InPlayEventType>(type: T) =>
  EVENT_SCHEMAS[type].extend({ expectedVersion: expectedVersionSchema.optional() }).meta({ id: type });

/**
 * One event as `POST /matches/{id}/events` accepts it: the per-type schemas above, each with the
 * optional `expectedVersion`. This is the documented form of what {@link parseInPlayEvents} checks.
 */
export const postedEventSchema = z
  .discriminatedUnion(
    'type',
    IN_PLAY_EVENT_TYPES.map(postedVariant) as unknown as [
      ReturnType<typeof postedVariant>,
      ...Array<ReturnType<typeof postedVariant>>,
    ],
  )
  .meta({ id: 'PostedEvent', description: 'One match event, by `type`.' });

/** The body of `POST /matches/{id}/events`: one event, or up to 500 appended all or none. */
export const recordEventsBodySchema = z
  .union([postedEventSchema, z.array(postedEventSchema).min(1).max(MAX_EVENTS_PER_POST)])
  .meta({ id: 'RecordEventsBody' });

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type One = { event?: InPlayEvent; expectedVersion?: number; errors: FieldError[] };

function parseOne(body: unknown, prefix: Array<string | number>): One {
  if (!isRecord(body))
    return { errors: [{ field: fieldPath(prefix) || 'body', message: 'expected an event object' }] };
  const { expectedVersion, ...rest } = body;
  const errors: FieldError[] = [];
  let version: number | undefined;
  if (expectedVersion !== undefined) {
    const v = expectedVersionSchema.safeParse(expectedVersion);
    if (v.success) version = v.data;
    else
      errors.push({
        field: fieldPath([...prefix, 'expectedVersion']),
        message: 'expected a non-negative integer',
      });
  }
  const type = rest.type;
  if (typeof type !== 'string' || !(IN_PLAY_EVENT_TYPES as readonly string[]).includes(type)) {
    const message = `unknown event type; expected one of ${IN_PLAY_EVENT_TYPES.join(', ')}`;
    return { errors: [...errors, { field: fieldPath([...prefix, 'type']), message }] };
  }
  const result = SCHEMAS[type as InPlayEventType].safeParse(rest);
  if (!result.success) return { errors: [...errors, ...issuesToErrors(result.error.issues, prefix)] };
  return { event: result.data, expectedVersion: version, errors };
}

/**
 * Validates the body of `POST /matches/{id}/events`: one event or a non-empty array of at most
 * {@link MAX_EVENTS_PER_POST}. `expectedVersion` may ride on the object (or on any array element,
 * all agreeing); it is stripped from the events.
 */
export function parseInPlayEvents(
  body: unknown,
): Parsed<{ events: InPlayEvent[]; isArray: boolean; expectedVersion?: number }> {
  const isArray = Array.isArray(body);
  const items: unknown[] = isArray ? (body as unknown[]) : [body];
  if (isArray && items.length === 0) return { ok: false, errors: [{ field: 'body', message: 'no events' }] };
  if (items.length > MAX_EVENTS_PER_POST) {
    return {
      ok: false,
      errors: [{ field: 'body', message: `at most ${MAX_EVENTS_PER_POST} events per request` }],
    };
  }
  const events: InPlayEvent[] = [];
  const errors: FieldError[] = [];
  let expectedVersion: number | undefined;
  items.forEach((item, i) => {
    const one = parseOne(item, isArray ? [i] : []);
    errors.push(...one.errors);
    if (one.event) events.push(one.event);
    if (one.expectedVersion === undefined) return;
    if (expectedVersion !== undefined && expectedVersion !== one.expectedVersion) {
      errors.push({
        field: fieldPath([i, 'expectedVersion']),
        message: 'expectedVersion differs between events',
      });
    }
    expectedVersion ??= one.expectedVersion;
  });
  if (errors.length > 0) return { ok: false, errors };
  const value: { events: InPlayEvent[]; isArray: boolean; expectedVersion?: number } = { events, isArray };
  if (expectedVersion !== undefined) value.expectedVersion = expectedVersion;
  return { ok: true, value };
}
