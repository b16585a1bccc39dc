/** What `GET /health/writer` answers. */
export interface WriterStatus {
  role: 'writer' | 'follower';
  takingCommands: boolean;
  writer: string | null;
  advertisedUrl: string;
}

/** What the instance at `baseUrl` says of the writer role; null when it does not answer 200 within 2 s. */
export async function writerStatusOf(baseUrl: string): Promise<WriterStatus | null> {
  try {
    const res = await fetch(`${baseUrl}/health/writer`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200 ? ((await res.json()) as WriterStatus) : null;
  } catch {
    return null;
  }
}

/**
 * The index (into `urls`) of the instance that holds the writer role and takes commands, once one
 * of `among` does and every instance of `among` names it as the writer; polls every 100 ms (the
 * timeout is a hang guard). Every read has a timeout and only the instances asked count: a frozen
 * process is still running but never answers.
 */
export async function singleWriter(
  urls: readonly string[],
  among: readonly number[],
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await Promise.all(among.map((i) => writerStatusOf(urls[i])));
    const writers = among.filter((_, k) => statuses[k]?.role === 'writer' && statuses[k]?.takingCommands);
    if (writers.length === 1 && statuses.every((s) => s?.writer === urls[writers[0]])) return writers[0];
    if (Date.now() > deadline)
      throw new Error(`no single writer among ${among.join(',')}: ${JSON.stringify(statuses)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
