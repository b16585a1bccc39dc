/**
 * The fault suites move tens of thousands of events through real brokers and databases and
 * restart servers; on a busy machine that can take minutes. Their limits are generous: they
 * only stop a test that hangs, they never judge its speed (bench/ does that).
 */
export const FAULT_TEST_TIMEOUT_MS = 300_000;
