import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApiDocument } from './asyncapi.document';
import { clientTypesOf } from './client-types';
import { buildOpenApiDocument } from './openapi.document';

/** Where the documents and the client's types are kept in the repository (a unit test checks them). */
export const DOCUMENTS_DIR = join('docs', 'api');
export const CLIENT_TYPES = join('libs', 'api-client', 'src', 'openapi.ts');

export const documentText = (doc: unknown): string => `${JSON.stringify(doc, null, 2)}\n`;

/** `npm run api:generate`: the two documents from the code, then the client's types from the OpenAPI one. */
function main(root: string): void {
  const openApiFile = join(root, DOCUMENTS_DIR, 'openapi.json');
  writeFileSync(openApiFile, documentText(buildOpenApiDocument()));
  writeFileSync(join(root, DOCUMENTS_DIR, 'asyncapi.json'), documentText(buildAsyncApiDocument()));
  writeFileSync(join(root, CLIENT_TYPES), clientTypesOf(openApiFile));
}

if (require.main === module) {
  main(process.argv[2] ?? '.');
}
