/** Client-chosen ids of streams (matches, ties, competitions) and teams (docs/api.md, "Streams and ids"). */
export const STREAM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export type StreamKind = 'match' | 'tie' | 'competition';
const KINDS: ReadonlySet<string> = new Set<StreamKind>(['match', 'tie', 'competition']);

/** The Kafka key of a stream: one match, tie or competition is one partition, in order. */
export function streamIdOf(kind: StreamKind, id: string): string {
  return `${kind}:${id}`;
}

/** Inverse of {@link streamIdOf}; null when the key is not one of ours. */
export function parseStreamId(streamId: string): { kind: StreamKind; id: string } | null {
  const at = streamId.indexOf(':');
  if (at < 0) return null;
  const kind = streamId.slice(0, at);
  const id = streamId.slice(at + 1);
  if (!KINDS.has(kind) || !STREAM_ID_PATTERN.test(id)) return null;
  return { kind: kind as StreamKind, id };
}
