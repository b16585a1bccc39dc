/** Reads one sample from the API's Prometheus text (`/metrics`); labels must all match. */
export async function metric(
  baseUrl: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries(
      [...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v] as [string, string]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[4]);
  }
  return 0;
}

/** Polls a metric until `check` holds; returns its value (liveness only: the assertion is the check). */
export async function metricUntil(
  baseUrl: string,
  name: string,
  check: (v: number) => boolean,
  labels: Record<string, string> = {},
  timeoutMs = 60000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await metric(baseUrl, name, labels);
    if (check(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
