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
