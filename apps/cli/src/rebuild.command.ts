import { Presets, SingleBar } from 'cli-progress';
import { ApiClient } from './api-client';

interface Report {
  rebuild: {
    rebuildId: string;
    status: string;
    done: number;
    total: number;
    rate: number | null;
    error: string | null;
  } | null;
}

/** Starts a rebuild of every read model and follows it to the end with a progress bar. */
export async function rebuild(api: ApiClient, quiet = false): Promise<string> {
  const started = await api.request<{ rebuildId: string; title?: string }>(
    'POST',
    '/admin/projections/rebuild',
    {},
  );
  if (started.status !== 202)
    throw new Error(`rebuild refused: ${started.status} ${started.body?.title ?? ''}`);
  const { rebuildId } = started.body;
  const bar = new SingleBar(
    {
      format:
        'rebuild [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | eta {eta_formatted}',
    },
    Presets.shades_classic,
  );
  if (!quiet) bar.start(1, 0, { rate: 0 });
  for (;;) {
    const { body } = await api.request<Report>('GET', '/admin/projections');
    const r = body.rebuild;
    if (r && r.rebuildId === rebuildId) {
      if (!quiet) {
        bar.setTotal(Math.max(1, r.total));
        bar.update(r.done, { rate: Math.round(r.rate ?? 0) });
      }
      if (r.status === 'done' || r.status === 'failed') {
        if (!quiet) bar.stop();
        if (r.status === 'failed')
          throw new Error(`rebuild ${rebuildId} failed: ${r.error ?? 'unknown error'}`);
        return rebuildId;
      }
    }
    await new Promise((res) => setTimeout(res, 250));
  }
}
