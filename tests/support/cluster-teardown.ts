import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const INFRA = join(__dirname, '..', '..', 'scripts', 'infra.sh');

/** The clusters the integration tests start; the global teardown destroys whatever is left of them. */
export const TEST_CLUSTERS = ['faults-cluster'];

/** Kills every node of cluster `name` that still runs (by the pids it recorded) and deletes its data. */
export function destroyClusterSync(name: string): void {
  execFileSync('bash', [INFRA, 'cluster', 'destroy'], {
    env: { ...process.env, KAFKA_CLUSTER: name },
    stdio: 'ignore',
  });
}
