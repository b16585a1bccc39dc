import { parseClock, STREAM_ID_PATTERN, type ClockPoint } from '@touchline/domain';
import { validationProblem } from '../http/problem';
import { unstorableText } from '../http/storable-text';

export type QueryParams = Record<string, unknown>;

/** A stream that the read model must have applied up to `version` before a query answers. */
export interface VersionTarget {
  matchId: string;
  version: number;
}

const MAX_INT = 2147483647;
const INTEGER = /^\d{1,10}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

const invalid = (field: string, message: string) => validationProblem([{ field, message }]);

/** A query parameter that is not part of the endpoint is refused: a typo must not silently change the answer. */
export function allowOnly(query: QueryParams, allowed: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw validationProblem(
      unknown.map((field) => ({
        field,
        message: `unknown query parameter (allowed: ${allowed.join(', ')})`,
      })),
    );
  }
}

function single(query: QueryParams, field: string): string | undefined {
  const raw = query[field];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw invalid(field, 'must be given once');
  return raw;
}

export function integerParam(
  query: QueryParams,
  field: string,
  min: number,
  max = MAX_INT,
): number | undefined {
  const raw = single(query, field);
  if (raw === undefined) return undefined;
  const n = INTEGER.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw invalid(field, `must be an integer from ${min} to ${max}`);
  return n;
}

/** `at=84` or `at=90+3`; a literal `+` arrives as a space after form decoding, so both are read. */
export function clockParam(query: QueryParams, field: string): ClockPoint | undefined {
  const raw = single(query, field);
  if (raw === undefined) return undefined;
  const clock = parseClock(raw.trim().replace(/^(\d+) (\d+)$/, '$1+$2'));
  if (!clock) throw invalid(field, "must be a match minute such as '84' or '90+3'");
  return clock;
}

/** An ISO 8601 instant with its offset (`2025-04-10T02:31:00Z`), returned normalised to UTC. */
export function instantParam(query: QueryParams, field: string): string | undefined {
  const raw = single(query, field);
  if (raw === undefined) return undefined;
  const text = raw.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const ms = ISO_INSTANT.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw invalid(field, "must be an ISO 8601 instant such as '2025-04-10T02:31:00Z'");
  return new Date(ms).toISOString();
}

/** A tie has at most two legs, so a tie query names at most two: refused before any read. */
export const MAX_TIE_VERSION_TARGETS = 2;

/**
 * A competition query may wait for several matches played at once (a last round of groups);
 * bounded all the same, since each value holds a waiter.
 */
export const MAX_COMPETITION_VERSION_TARGETS = 64;

/**
 * Tie and competition queries: `minVersion=<matchId>:<N>`, repeatable, at most `max` times
 * (by default a tie's: once per leg).
 */
export function matchVersionsParam(
  query: QueryParams,
  field: string,
  max: { count: number; why: string } = { count: MAX_TIE_VERSION_TARGETS, why: 'one per leg of the tie' },
): VersionTarget[] {
  const raw = query[field];
  if (raw === undefined) return [];
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length > max.count) throw invalid(field, `at most ${max.count} values, ${max.why}`);
  return values.map((value) => {
    const text = typeof value === 'string' ? value : '';
    const sep = text.lastIndexOf(':');
    const matchId = text.slice(0, sep);
    const version = text.slice(sep + 1);
    if (sep <= 0 || !STREAM_ID_PATTERN.test(matchId) || !INTEGER.test(version) || Number(version) > MAX_INT) {
      throw invalid(field, "must be '<matchId>:<version>', e.g. 'leg-2:14'");
    }
    return { matchId, version: Number(version) };
  });
}

/**
 * A free-text filter such as a group or a round: trimmed, 1 to `max` characters, and text
 * PostgreSQL can compare (no NUL, no unpaired surrogate: it would refuse the parameter).
 */
export function textParam(query: QueryParams, field: string, max: number): string | undefined {
  const raw = single(query, field);
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (!text.length || text.length > max) throw invalid(field, `must be 1 to ${max} characters`);
  if (unstorableText(text)) throw invalid(field, 'must not contain NUL (%00) or an unpaired surrogate');
  return text;
}

/** One of a fixed set of values. */
export function enumParam<T extends string>(
  query: QueryParams,
  field: string,
  values: readonly T[],
): T | undefined {
  const raw = single(query, field);
  if (raw === undefined) return undefined;
  if (!(values as readonly string[]).includes(raw))
    throw invalid(field, `must be one of ${values.join(', ')}`);
  return raw as T;
}
