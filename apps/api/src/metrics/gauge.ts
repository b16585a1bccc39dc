import { Gauge, register } from 'prom-client';

/** A gauge read at scrape time; registered once per process whatever the number of module instances. */
export function scrapeGauge(name: string, help: string, read: () => number): void {
  register.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    collect() {
      this.set(read());
    },
  });
}
