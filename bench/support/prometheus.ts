/** Cumulative bucket counts of one labelled Prometheus histogram, by label value then upper bound (s). */
export type HistogramSnapshot = Map<string, Map<number, number>>;

/** Reads `name`'s buckets from a `/metrics` endpoint, grouped by the value of `label`. */
export async function scrapeHistogram(url: string, name: string, label: string): Promise<HistogramSnapshot> {
  const text = await (await fetch(url)).text();
  const out: HistogramSnapshot = new Map();
  const line = new RegExp(`^${name}_bucket\\{(.*)\\} (\\d+(?:\\.\\d+)?)$`);
  for (const row of text.split('\n')) {
    const m = line.exec(row);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
    const key = labels[label] ?? '';
    if (!out.has(key)) out.set(key, new Map());
    out.get(key)!.set(le, Number(m[2]));
  }
  return out;
}

/** `after` minus `before`: what was observed between two scrapes. */
export function histogramDelta(after: HistogramSnapshot, before: HistogramSnapshot): HistogramSnapshot {
  const out: HistogramSnapshot = new Map();
  for (const [key, buckets] of after) {
    const prior = before.get(key);
    out.set(key, new Map([...buckets].map(([le, n]) => [le, n - (prior?.get(le) ?? 0)])));
  }
  return out;
}

/**
 * The q-quantile (0..1) of one series, in ms, interpolated linearly inside its bucket (as
 * Prometheus' histogram_quantile does): exact to the bucket's width only.
 */
export function histogramQuantileMs(buckets: Map<number, number>, q: number): { count: number; ms: number } {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const count = buckets.get(Infinity) ?? 0;
  if (!count) return { count, ms: NaN };
  const rank = q * count;
  let lower = 0;
  let below = 0;
  for (const le of bounds) {
    const n = buckets.get(le)!;
    if (n >= rank) {
      if (le === Infinity) return { count, ms: lower * 1000 };
      const inBucket = n - below;
      return { count, ms: (lower + (le - lower) * (inBucket ? (rank - below) / inBucket : 1)) * 1000 };
    }
    lower = le;
    below = n;
  }
  return { count, ms: lower * 1000 };
}

/** Every unlabelled sample of a `/metrics` page, and the labelled ones as `name{labels}`, by that key. */
export async function scrapeSamples(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(url)).text();
  const out = new Map<string, number>();
  for (const row of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(row);
    if (m) out.set(m[1], Number(m[2]));
  }
  return out;
}

const MiB = (bytes: number | undefined): number | null =>
  bytes === undefined || Number.isNaN(bytes) ? null : Math.round((bytes / 1048576) * 10) / 10;

/**
 * Where an api's resident memory is, from its own /metrics (prom-client's process and nodejs
 * metrics): resident set, V8's heap as committed and as used, its old and new spaces, and the
 * memory V8 does not manage (external, of which Buffers and ArrayBuffers), in MiB.
 */
export async function scrapeMemoryBreakdown(url: string): Promise<Record<string, number | null>> {
  const s = await scrapeSamples(url);
  const space = (name: string, what: string) =>
    MiB(s.get(`nodejs_heap_space_size_${what}_bytes{space="${name}"}`));
  return {
    rssMiB: MiB(s.get('process_resident_memory_bytes')),
    heapTotalMiB: MiB(s.get('nodejs_heap_size_total_bytes')),
    heapUsedMiB: MiB(s.get('nodejs_heap_size_used_bytes')),
    oldSpaceMiB: space('old', 'total'),
    oldSpaceUsedMiB: space('old', 'used'),
    newSpaceMiB: space('new', 'total'),
    largeObjectSpaceMiB: space('large_object', 'total'),
    codeSpaceMiB: space('code', 'total'),
    externalMiB: MiB(s.get('nodejs_external_memory_bytes')),
    arrayBuffersMiB: MiB(s.get('nodejs_array_buffers_bytes')),
  };
}
