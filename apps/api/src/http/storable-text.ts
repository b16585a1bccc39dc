import type { FieldError } from '@touchline/domain';

/** NUL, or a UTF-16 surrogate without its partner: valid in JSON, refused by PostgreSQL text and jsonb. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udfff]/u;

const pathOf = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * The first string (value or key) in a parsed JSON body that PostgreSQL could not store, if any.
 * Such an event would be accepted into the log and then stop the projector on its partition,
 * so it is refused at the edge. Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function unstorableText(body: unknown): FieldError | null {
  const pending: Array<{ value: unknown; path: string }> = [{ value: body, path: '' }];
  while (pending.length) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) return refused(path || 'body');
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => pending.push({ value: v, path: pathOf(path, i) }));
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (UNSTORABLE.test(key)) return refused(pathOf(path, key));
        pending.push({ value: v, path: pathOf(path, key) });
      }
    }
  }
  return null;
}

const refused = (field: string): FieldError => ({
  field,
  message: 'must not contain NUL (\\u0000) or an unpaired surrogate: such text cannot be stored',
});
