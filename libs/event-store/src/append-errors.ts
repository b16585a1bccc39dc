const describe = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));

/** Raised when the log's answer to an append is unknown: the records may or may not be in it. */
export class AppendOutcomeUnknownError extends Error {
  constructor(
    override readonly cause: unknown,
    /** The partition the append was for: only its tail needs re-reading. */
    readonly partition: number,
  ) {
    super(`append failed: ${describe(cause)}`);
  }
}

/**
 * Raised when the append's transaction was aborted (or can only end aborted, since it was never
 * committed): its records are not in the log for read-committed readers. Safe to retry.
 */
export class AppendNotRecordedError extends Error {
  constructor(override readonly cause: unknown) {
    super(`append not recorded: ${describe(cause)}`);
  }
}

/**
 * Raised when the broker fenced the producer: another writer initialised the same transactional
 * id, so this one no longer owns the log. The appender stops; connecting it again would fence
 * the new owner in turn. A fenced send or a fenced first commit leaves nothing in the log for
 * read-committed readers.
 */
export class AppendFencedError extends Error {
  constructor(override readonly cause: unknown) {
    super(`fenced by a newer writer: ${describe(cause)}`);
  }
}

const FENCED_TYPES = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']);
const FENCED_CODES = new Set([47, 90]);

/**
 * Whether an error of the client says the producer was fenced: INVALID_PRODUCER_EPOCH (47, what
 * the broker answers the request versions kafkajs speaks) or PRODUCER_FENCED (90, newer
 * versions; unknown to kafkajs 2.2.4, which reports its code only), possibly wrapped in a
 * retries-exceeded or non-retriable error's `cause`.
 */
export function isFencing(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    const type = 'type' in e ? e.type : undefined;
    const code = 'code' in e ? e.code : undefined;
    if (
      (typeof type === 'string' && FENCED_TYPES.has(type)) ||
      (typeof code === 'number' && FENCED_CODES.has(code))
    )
      return true;
    e = e.cause;
  }
  return false;
}
