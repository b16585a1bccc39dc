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

/**
 * A payload item that names a competition whose table rows (`competition_matches` of matches
 * that are no leg of a tie) a batch wrote: `tables:<competition>`, with no version (a set of rows
 * has none, and one a match joins grows without any version it held moving). It comes first in
 * the batch's payloads, before the matches it is about.
 */
const TABLES_PREFIX = 'tables:';

/**
 * Parses the projector's notification payload: `match:<id>@<version>,tie:<id>@<version>,…`
 * (items without a version, `tables:<competition>`, are read by `parseTablesChanged`).
 */
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

/** The competitions a payload says had table rows written (`tables:<competition>` items). */
export function parseTablesChanged(payload: string): string[] {
  const competitions: string[] = [];
  for (const item of payload.split(',')) {
    if (item.startsWith(TABLES_PREFIX) && !item.includes('@') && item.length > TABLES_PREFIX.length)
      competitions.push(item.slice(TABLES_PREFIX.length));
  }
  return competitions;
}

/**
 * The projector's notification payloads for the streams a batch moved: `<streamId>@<version>`
 * joined by commas, after a `tables:<competition>` for every competition whose table rows it
 * wrote, split so that no payload passes PostgreSQL's limit.
 */
export function formatProjectedPayloads(moved: {
  matches: Map<string, { version: number }>;
  ties: Map<string, { version: number }>;
  competitions: Map<string, { version: number }>;
  competitionMatches: Map<string, { competition: string; tieId: string | null }>;
}): string[] {
  const tables = new Set<string>();
  for (const row of moved.competitionMatches.values()) if (row.tieId === null) tables.add(row.competition);
  const changes = [
    ...[...tables].map((c) => `${TABLES_PREFIX}${c}`),
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
