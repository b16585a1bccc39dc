import { Presets, SingleBar } from 'cli-progress';
import { ApiClient } from './api-client';

/** Starts a rebuild of every read model and follows it to the end with a progress bar. */
export async function rebuild(api: ApiClient, quiet = false): Promise<string> {
  const { rebuildId } = await api.requestRebuild();
  const bar = new SingleBar(
    {
      format:
        'rebuild [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | eta {eta_formatted}',
    },
    Presets.shades_classic,
  );
  if (!quiet) bar.start(1, 0, { rate: 0 });
  for (;;) {
    const r = (await api.projections()).rebuild;
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
