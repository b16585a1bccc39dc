import type { z } from 'zod';

/** A refused input field; `field` is a path like "team", "[2].minute", "homeTeam.id". */
export type FieldError = { field: string; message: string };
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** One FieldError per zod issue; an unknown key is reported under its own name. */
export function issuesToErrors(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  prefix: ReadonlyArray<PropertyKey> = [],
): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        errors.push({ field: fieldPath([...path, key]), message: 'unknown field' });
    } else {
      errors.push({ field: fieldPath(path) || 'body', message: issue.message });
    }
  }
  return errors;
}

export function parseWith<T>(schema: z.ZodType<T>, body: unknown): Parsed<T> {
  const result = schema.safeParse(body);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: issuesToErrors(result.error.issues) };
}
