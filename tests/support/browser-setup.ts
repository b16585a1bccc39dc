import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import globalSetup from './global-setup';

/** The browser tests need what the integration tests need, plus Chromium. */
export default function browserSetup(): void {
  globalSetup();
  execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'browser.sh'), 'ensure'], {
    stdio: 'inherit',
  });
}
