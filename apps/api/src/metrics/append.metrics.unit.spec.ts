import { register } from 'prom-client';
import { AppendMetrics } from './append.metrics';

const sample = async (name: string, labels?: string): Promise<number | undefined> => {
  const text = await register.metrics();
  const start = labels === undefined ? `${name} ` : `${name}{${labels}}`;
  const line = text.split('\n').find((l) => l.startsWith(start));
  return line === undefined ? undefined : Number(line.split(' ').pop());
};

describe('AppendMetrics.observeFlush', () => {
  it('observes each stage of a flush, its visible wait, and its records, appends and polls', async () => {
    const metrics = new AppendMetrics();
    metrics.observeFlush({
      queued: 0.004,
      send: 0.0015,
      commit: 0.0008,
      visible: 0.0021,
      polls: 2,
      appends: 3,
      records: 7,
    });
    expect(await sample('touchline_append_flush_stage_seconds_count', 'stage="queued"')).toBe(1);
    expect(await sample('touchline_append_flush_stage_seconds_sum', 'stage="send"')).toBeCloseTo(0.0015);
    expect(await sample('touchline_append_flush_stage_seconds_bucket', 'le="0.001",stage="commit"')).toBe(1);
    expect(await sample('touchline_append_flush_stage_seconds_bucket', 'le="0.002",stage="visible"')).toBe(0);
    expect(await sample('touchline_append_flush_size_sum', 'of="records"')).toBe(7);
    expect(await sample('touchline_append_flush_size_sum', 'of="appends"')).toBe(3);
    expect(await sample('touchline_append_flush_size_sum', 'of="polls"')).toBe(2);
    // The visible wait, also on the histogram of its own (one observation per transaction).
    expect(await sample('touchline_append_visible_wait_seconds_count')).toBe(1);
    expect(await sample('touchline_append_visible_wait_seconds_sum')).toBeCloseTo(0.0021);
    expect(await sample('touchline_append_visible_wait_seconds_bucket', 'le="0.002"')).toBe(0);
    expect(await sample('touchline_append_visible_wait_seconds_bucket', 'le="0.005"')).toBe(1);
    // A second instance (Nest may make one per module) shares the registered metrics.
    new AppendMetrics().observeFlush({
      queued: 0,
      send: 0,
      commit: 0,
      visible: 0,
      polls: 1,
      appends: 1,
      records: 1,
    });
    expect(await sample('touchline_append_flush_stage_seconds_count', 'stage="queued"')).toBe(2);
    expect(await sample('touchline_append_visible_wait_seconds_count')).toBe(2);
  });
});
