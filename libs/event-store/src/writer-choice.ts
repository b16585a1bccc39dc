/** What each member of the writers' group says about itself when it joins. */
export interface WriterCandidate {
  memberId: string;
  /** Where the other instances reach this one (`TOUCHLINE_ADVERTISED_URL`). */
  url: string;
  /** The member id this member last saw as the writer, if any. */
  seenWriter: string | null;
}

/**
 * The writer of the next generation: the current writer while it is still a member (a member that
 * kept its session keeps its member id, so a join of someone else moves nothing), else the lowest
 * member id. A writer that lost its session rejoins under a new id, so an old claim cannot win.
 */
export function chooseWriter(candidates: WriterCandidate[]): string | null {
  if (candidates.length === 0) return null;
  const ids = new Set(candidates.map((c) => c.memberId));
  const current = candidates.map((c) => c.seenWriter).find((w) => w !== null && ids.has(w));
  return current ?? [...ids].sort()[0];
}

export function encodeCandidate(url: string, seenWriter: string | null): Buffer {
  return Buffer.from(JSON.stringify({ url, seenWriter }), 'utf8');
}

/** A member whose data cannot be read is still a member, with no url and no claim. */
export function decodeCandidate(memberId: string, userData: Buffer | undefined | null): WriterCandidate {
  try {
    const parsed = JSON.parse(userData?.toString('utf8') ?? '') as { url?: unknown; seenWriter?: unknown };
    return {
      memberId,
      url: typeof parsed.url === 'string' ? parsed.url : '',
      seenWriter: typeof parsed.seenWriter === 'string' ? parsed.seenWriter : null,
    };
  } catch {
    return { memberId, url: '', seenWriter: null };
  }
}
