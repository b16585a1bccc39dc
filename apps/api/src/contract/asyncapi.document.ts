import { z } from 'zod';
import { IN_PLAY_EVENT_TYPES } from '@touchline/domain';
import { SCHEMA_VERSION } from '@touchline/event-store';
import {
  endMessageSchema,
  matchEventMessageSchema,
  snapshotMessageSchema,
} from '../streams/stream-messages.schema';
import { logRecordSchema } from '../write-side/log-record.schema';

const RECORD_TYPES = [
  'MatchScheduled',
  ...IN_PLAY_EVENT_TYPES,
  'TieScheduled',
  'CompetitionDeclared',
] as const;

const ROOTS = ['StreamSnapshot', 'StreamMatchEvent', 'StreamEnd', 'LogRecord'];

/**
 * JSON Schema (draft-07, which AsyncAPI schemas extend) of the payloads: every schema the code
 * registers, kept when a payload reaches it, each a component.
 */
function payloadSchemas(): Record<string, unknown> {
  // Referenced so that their ids are registered before the registry is read.
  void [snapshotMessageSchema, matchEventMessageSchema, endMessageSchema, logRecordSchema];
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-7',
    io: 'output',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const kept = new Set<string>();
  const visit = (id: string): void => {
    if (kept.has(id)) return;
    kept.add(id);
    const text = JSON.stringify(schemas[id]);
    for (const m of text.matchAll(/"#\/components\/schemas\/([A-Za-z0-9_]+)"/g)) visit(m[1]);
  };
  ROOTS.forEach(visit);
  return Object.fromEntries(
    [...kept].sort().map((id) => {
      const schema = { ...(schemas[id] as Record<string, unknown>) };
      delete schema.$schema; // components are not documents of their own
      return [id, schema];
    }),
  );
}

const ref = (to: string) => ({ $ref: to });

function recordMessage(type: (typeof RECORD_TYPES)[number]) {
  return {
    name: type,
    title: `${type} record`,
    contentType: 'application/json',
    headers: {
      type: 'object',
      required: ['eventId', 'type'],
      properties: {
        eventId: { type: 'string', description: "the record's eventId" },
        type: { type: 'string', const: type },
      },
    },
    payload: ref(`#/components/schemas/${type}Record`),
    bindings: {
      kafka: {
        key: {
          type: 'string',
          description:
            'the streamId (`match:<id>`, `tie:<id>`, `competition:<id>`): one stream is one partition, in order',
        },
        schemaIdLocation: 'payload',
        bindingVersion: '0.5.0',
      },
    },
  };
}

const sse = (event: string, title: string, payload: string, description: string) => ({
  name: event,
  title,
  summary: description,
  contentType: 'application/json',
  payload: ref(`#/components/schemas/${payload}`),
});

/** The AsyncAPI 3 document: the Server-Sent Event streams and the Kafka topic of the log. */
export function buildAsyncApiDocument(): Record<string, unknown> {
  const recordMessages = Object.fromEntries(RECORD_TYPES.map((t) => [t, recordMessage(t)]));
  const matchIdParameter = { description: 'the match id', examples: ['ccc-2025-qf-mia-lafc-2'] };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Touchline streams and event log',
      version: '1',
      description:
        'Server-Sent Event streams of a match (live and replay), served by the HTTP API beside its OpenAPI ' +
        'document, and the Kafka topic that is the system of record. Every record carries ' +
        `schemaVersion ${SCHEMA_VERSION}; the topic is keyed by stream id, retention infinite.`,
    },
    defaultContentType: 'application/json',
    servers: {
      api: {
        host: '127.0.0.1:3000',
        protocol: 'http',
        description: 'The HTTP API (PORT, default 3000): text/event-stream responses',
      },
      log: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The Kafka brokers (KAFKA_BROKERS)',
      },
    },
    channels: {
      live: {
        address: '/matches/{matchId}/live',
        title: 'Live match',
        description:
          'GET, text/event-stream. A fresh connection gets `snapshot`, then one `match-event` per event as it is ' +
          'projected; the SSE id is the seq, so a client reconnecting with Last-Event-ID misses nothing ' +
          '(and gets no snapshot). Comments (`: keep-alive`) keep the connection open.',
        servers: [ref('#/servers/api')],
        parameters: { matchId: matchIdParameter },
        messages: {
          snapshot: ref('#/components/messages/snapshot'),
          matchEvent: ref('#/components/messages/matchEvent'),
        },
      },
      replay: {
        address: '/matches/{matchId}/replay',
        title: 'Match replay',
        description:
          'GET ?speed=N, text/event-stream: the stored events again in order, paced by their original gaps ' +
          'divided by N (0: no pacing), each a `match-event` with the state after it; then `end`, and the stream closes.',
        servers: [ref('#/servers/api')],
        parameters: { matchId: matchIdParameter },
        messages: {
          matchEvent: ref('#/components/messages/matchEvent'),
          end: ref('#/components/messages/end'),
        },
      },
      log: {
        address: 'touchline.match-events',
        title: 'The event log',
        description:
          'One topic (KAFKA_TOPIC, default touchline.match-events) for every match, tie and competition stream. ' +
          'Key: the stream id. Value: the record as JSON. Headers: eventId and type. Written by an idempotent ' +
          'producer with acks=all; a 2xx is answered only once the record is acknowledged.',
        servers: [ref('#/servers/log')],
        messages: Object.fromEntries(RECORD_TYPES.map((t) => [t, ref(`#/components/messages/${t}`)])),
        bindings: {
          kafka: {
            topic: 'touchline.match-events',
            partitions: 12,
            replicas: 1,
            topicConfiguration: { 'retention.ms': -1 },
            bindingVersion: '0.5.0',
          },
        },
      },
    },
    operations: {
      followLive: {
        action: 'receive',
        title: 'Follow a match live',
        channel: ref('#/channels/live'),
        messages: [ref('#/channels/live/messages/snapshot'), ref('#/channels/live/messages/matchEvent')],
      },
      watchReplay: {
        action: 'receive',
        title: 'Watch a replay',
        channel: ref('#/channels/replay'),
        messages: [ref('#/channels/replay/messages/matchEvent'), ref('#/channels/replay/messages/end')],
      },
      consumeLog: {
        action: 'receive',
        title: 'Consume the event log',
        channel: ref('#/channels/log'),
        messages: RECORD_TYPES.map((t) => ref(`#/channels/log/messages/${t}`)),
      },
    },
    components: {
      messages: {
        snapshot: sse(
          'snapshot',
          'Snapshot',
          'StreamSnapshot',
          'the match as it stands (state null before any event); SSE id = its version',
        ),
        matchEvent: sse(
          'match-event',
          'Match event',
          'StreamMatchEvent',
          'one event with the match (and its tie) right after it; SSE id = seq',
        ),
        end: sse('end', 'End of replay', 'StreamEnd', 'every event has been sent; the stream closes'),
        ...recordMessages,
      },
      schemas: payloadSchemas(),
    },
  };
}
