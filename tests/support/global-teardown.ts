import { destroyClusterSync, TEST_CLUSTERS } from './cluster-teardown';

/** After the integration tests, pass or fail: no test's Kafka cluster is left running. */
export default function globalTeardown(): void {
  for (const name of TEST_CLUSTERS) destroyClusterSync(name);
}
