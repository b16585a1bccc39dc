import { ApiClient } from './api-client';

interface Report {
  projections: Array<{
    name: string;
    lag: number;
    partitions: Array<{ partition: number; endOffset: number }>;
  }>;
  rebuild: { rebuildId: string; status: string; done: number; total: number } | null;
  parked: Array<{ streamId: string; error: string; heldRecords: number }>;
}

/** Prints the projections' lag, the topic's size, the latest rebuild and parked streams. */
export async function status(api: ApiClient, write: (line: string) => void): Promise<void> {
  const [health, report] = await Promise.all([
    api.request<{ status: string; kafka?: string; postgres?: string }>('GET', '/health/ready'),
    api.request<Report>('GET', '/admin/projections'),
  ]);
  write(
    `api        ${api.baseUrl}  ready: ${health.status === 200 ? 'yes' : `no (${JSON.stringify(health.body)})`}`,
  );
  const parts = report.body.projections[0]?.partitions ?? [];
  write(`topic      ${parts.length} partitions, ${parts.reduce((n, p) => n + p.endOffset, 0)} events`);
  for (const p of report.body.projections) write(`projection ${p.name.padEnd(10)} lag ${p.lag}`);
  const r = report.body.rebuild;
  write(r ? `rebuild    ${r.rebuildId} ${r.status} ${r.done}/${r.total}` : 'rebuild    none');
  for (const p of report.body.parked) write(`parked     ${p.streamId}: ${p.error} (+${p.heldRecords} held)`);
}
