import { STREAM_ID_PATTERN } from '@touchline/domain';

/**
 * Stream ids: the Kafka key of every record. One match, tie or competition is one stream, so
 * one partition, in order. The only place that builds or reads them.
 */
export type StreamKind = 'match' | 'tie' | 'competition';

export const matchStreamId = (matchId: string): string => `match:${matchId}`;
export const tieStreamId = (tieId: string): string => `tie:${tieId}`;
export const competitionStreamId = (competitionId: string): string => `competition:${competitionId}`;

const KINDS: ReadonlySet<string> = new Set<StreamKind>(['match', 'tie', 'competition']);
const isStreamKind = (kind: string): kind is StreamKind => KINDS.has(kind);

/** The kind and id a stream id names; null when it is not one of ours. */
export function parseStreamId(streamId: string): { kind: StreamKind; id: string } | null {
  const at = streamId.indexOf(':');
  if (at < 0) return null;
  const kind = streamId.slice(0, at);
  return isStreamKind(kind) ? { kind, id: streamId.slice(at + 1) } : null;
}

/** Whether `value` names a stream a client could have created: a known kind and an id of the allowed form. */
export function isClientStreamId(value: string): boolean {
  const ref = parseStreamId(value);
  return ref !== null && STREAM_ID_PATTERN.test(ref.id);
}
