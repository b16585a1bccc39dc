import { ApiClient } from './api-client';

/** Prints the projections' lag, the topic's size, the latest rebuild and parked streams. */
export async function status(api: ApiClient, write: (line: string) => void): Promise<void> {
  const [health, report] = await Promise.all([api.ready(), api.projections()]);
  write(`api        ${api.baseUrl}  ready: ${health.ok ? 'yes' : `no (${JSON.stringify(health.body)})`}`);
  const parts = report.projections[0]?.partitions ?? [];
  write(`topic      ${parts.length} partitions, ${parts.reduce((n, p) => n + p.endOffset, 0)} events`);
  for (const p of report.projections) write(`projection ${p.name.padEnd(10)} lag ${p.lag}`);
  const r = report.rebuild;
  write(r ? `rebuild    ${r.rebuildId} ${r.status} ${r.done}/${r.total}` : 'rebuild    none');
  for (const p of report.parked) write(`parked     ${p.streamId}: ${p.error} (+${p.heldRecords} held)`);
}
