import { join } from 'node:path';
import { NodeProcess } from '@touchline/testkit';

export { freePort } from '@touchline/testkit';

const ROOT = join(__dirname, '..', '..');

/** One of our apps, run from dist/ as a real process. */
export class AppProcess extends NodeProcess {
  constructor(
    readonly app: 'api' | 'projector',
    env: NodeJS.ProcessEnv,
  ) {
    super(app, join(ROOT, 'dist', 'apps', app, 'src', 'main.js'), env);
  }
}
