/** Harness shared by the integration tests and the benchmarks: our apps as real processes. */
export * from './node-process';
export * from './network';
export * from './contract';
