import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The TypeScript types of an OpenAPI document, as the `openapi-typescript` command writes them
 * (run as a program: it is an ES module, and this is what anyone running `npx openapi-typescript`
 * on the document gets).
 */
export function clientTypesOf(openApiFile: string): string {
  const cli = join(require.resolve('openapi-typescript/package.json'), '..', 'bin', 'cli.js');
  return execFileSync(process.execPath, [cli, openApiFile, '--export-type'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
