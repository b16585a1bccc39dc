import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Integration tests run the real processes (dist/) against the real Kafka broker and
 * PostgreSQL: make sure both are up and the build is there.
 */
export default function globalSetup(): void {
  const root = join(__dirname, '..', '..');
  execFileSync('bash', [join(root, 'scripts', 'infra.sh'), 'up'], { stdio: 'inherit' });
  if (!process.env.TOUCHLINE_SKIP_BUILD || !existsSync(join(root, 'dist', 'apps', 'api', 'src', 'main.js'))) {
    execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  }
}
