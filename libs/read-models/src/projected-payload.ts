import { competitionStreamId, matchStreamId, tieStreamId } from '@touchline/event-store';

/** Longest NOTIFY payload sent; PostgreSQL's limit is 8000 bytes. */
const MAX_PAYLOAD = 7000;

/** One stream moved forward in the read models: `streamId` (`match:<id>`, `tie:<id>`, `competition:<id>`) now at `version`. */
export interface StreamProjected {
  streamId: string;
  version: number;
}

/**
 * A payload that stands for every stream: the read models were replaced (swapped in by a rebuild,
 * or cleared to be folded again), so a view read before may differ at the same version.
 */
export const READ_MODELS_REPLACED = '*';

/** Parses the projector's notification payload: `match:<id>@<version>,tie:<id>@<version>,…`. */
export function parseProjectedPayload(payload: string): StreamProjected[] {
  const changes: StreamProjected[] = [];
  for (const item of payload.split(',')) {
    const at = item.lastIndexOf('@');
    if (at <= 0) continue;
    const version = item.slice(at + 1);
    if (/^\d+$/.test(version)) changes.push({ streamId: item.slice(0, at), version: Number(version) });
  }
  return changes;
}

/**
 * The projector's notification payloads for the streams a batch moved: `<streamId>@<version>`
 * joined by commas, split so that no payload passes PostgreSQL's limit.
 */
export function formatProjectedPayloads(moved: {
  matches: Map<string, { version: number }>;
  ties: Map<string, { version: number }>;
  competitions: Map<string, { version: number }>;
}): string[] {
  const changes = [
    ...[...moved.matches].map(([id, m]) => `${matchStreamId(id)}@${m.version}`),
    ...[...moved.ties].map(([id, t]) => `${tieStreamId(id)}@${t.version}`),
    ...[...moved.competitions].map(([id, c]) => `${competitionStreamId(id)}@${c.version}`),
  ];
  const payloads: string[] = [];
  let current = '';
  for (const c of changes) {
    if (current.length + c.length + 1 > MAX_PAYLOAD) {
      payloads.push(current);
      current = '';
    }
    current = current ? `${current},${c}` : c;
  }
  if (current) payloads.push(current);
  return payloads;
}
