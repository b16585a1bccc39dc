import { Counter, type Metric, register } from 'prom-client';

/**
 * The metric of `config.name` in the default registry, made with `config` only if there is none
 * yet: a provider may be made more than once per process (Nest makes one per module that lists
 * it, tests make several), and the registry refuses a second metric of a name. The first made
 * keeps its configuration. E.g. `registered(Histogram<'stage'>, { name, help, labelNames, buckets })`.
 */
export function registered<M extends Metric, C extends { name: string }>(
  Kind: new (config: C) => M,
  config: C,
): M {
  return (register.getSingleMetric(config.name) as M | undefined) ?? new Kind(config);
}

/** A counter, through `registered`. */
export const counter = (name: string, help: string, labelNames: string[] = []): Counter =>
  registered(Counter, { name, help, labelNames });
