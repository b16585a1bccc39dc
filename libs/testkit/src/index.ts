/** Harness shared by the integration tests and the benchmarks: our apps as real processes. */
export * from './node-process';
export * from './network';
export * from './contract';
export * from './writer-role';
/** Event fixtures shared by the unit and integration tests of the write side, and of the read side. */
export * from './match-fixtures';
export * from './logged-records';
/** Scratch databases for a test suite or a benchmark. */
export * from './scratch-database';
