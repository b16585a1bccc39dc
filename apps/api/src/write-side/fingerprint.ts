import { createHash } from 'node:crypto';

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
};

/** Metadata the server adds to a posted event; the rest is "the content" idempotency compares. */
const SERVER_FIELDS = new Set(['streamId', 'seq', 'schemaVersion', 'recordedAt', 'feeder', 'eventId']);

/** A digest of an event's content, independent of key order and of the server's metadata. */
export function contentFingerprint(event: Record<string, unknown>): string {
  const content = Object.fromEntries(Object.entries(event).filter(([k]) => !SERVER_FIELDS.has(k)));
  return createHash('sha256')
    .update(JSON.stringify(canonical(content)))
    .digest('base64url')
    .slice(0, 22);
}
