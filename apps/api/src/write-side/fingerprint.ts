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

/**
 * A digest of an event's content, independent of key order: everything but its `eventId` (the
 * key the content is compared under). Pass the event itself, never a log record: the decoder in
 * `@touchline/event-store` keeps the server's metadata apart.
 */
export function contentFingerprint(event: object): string {
  const content = Object.fromEntries(Object.entries(event).filter(([k]) => k !== 'eventId'));
  return createHash('sha256')
    .update(JSON.stringify(canonical(content)))
    .digest('base64url')
    .slice(0, 22);
}
