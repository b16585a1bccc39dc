import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type MediaTypes = Record<string, { schema?: object }>;
type Operation = { responses?: Record<string, { content?: MediaTypes }> };
type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

export type Exchange = {
  method: string;
  /** The request target as sent: a path, with its query if any. */
  url: string;
  status: number;
  contentType: string | null;
  body: unknown;
};

const DOCUMENT = join('docs', 'api', 'openapi.json');

/** The repository's OpenAPI document, found from here upwards (source tree or dist/). */
function findDocument(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, DOCUMENT))) return join(dir, DOCUMENT);
  }
  throw new Error(`${DOCUMENT} not found above ${from}`);
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Checks exchanges with the API against its OpenAPI document: the status must be documented for
 * the operation, the media type too, and the body must be valid against that response's schema
 * (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it). Paths the document does not list (an unknown
 * route a test probes on purpose) are not judged here.
 */
export class ContractChecker {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp; literals: number }>;

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...document, $id: 'openapi.json' });
    this.templates = Object.keys(document.paths)
      .map((template) => {
        const segments = template.split('/').filter(Boolean);
        const source = segments.map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : escapeRegExp(s))).join('/');
        return {
          template,
          pattern: new RegExp(`^/${source}/?$`),
          literals: segments.filter((s) => !s.startsWith('{')).length,
        };
      })
      // The most specific first: /matches/{matchId}/events before /matches/{matchId}.
      .sort((a, b) => b.literals - a.literals);
  }

  static fromRepository(from: string = __dirname): ContractChecker {
    return new ContractChecker(JSON.parse(readFileSync(findDocument(from), 'utf8')) as OpenApiDocument);
  }

  /** What is wrong with the exchange; empty when it keeps to the document (or is not in it). */
  violations(exchange: Exchange): string[] {
    const method = exchange.method.toLowerCase();
    const path = exchange.url.split('?')[0];
    const template = this.templates.find((t) => t.pattern.test(path))?.template;
    const operation = template === undefined ? undefined : this.document.paths[template][method];
    if (!template || !operation) return [];
    const where = `${exchange.method.toUpperCase()} ${template} → ${exchange.status}`;
    const response = operation.responses?.[String(exchange.status)];
    if (!response) return [`${where}: status not documented`];
    if (!response.content) return [];
    const mediaType = (exchange.contentType ?? '').split(';')[0].trim();
    if (!response.content[mediaType]) {
      return [
        `${where}: content-type '${mediaType}' not documented (${Object.keys(response.content).join(', ')})`,
      ];
    }
    if (mediaType === 'text/event-stream' || mediaType === 'text/plain') return [];
    const validate = this.validatorFor(template, method, exchange.status, mediaType);
    if (validate(exchange.body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${where}: body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }

  /** Throws with every violation, naming the exchange. */
  check(exchange: Exchange): void {
    const problems = this.violations(exchange);
    if (problems.length === 0) return;
    throw new Error(
      `response breaks the API contract (docs/api/openapi.json):\n  ${problems.slice(0, 10).join('\n  ')}\n` +
        `body: ${JSON.stringify(exchange.body)?.slice(0, 2000)}`,
    );
  }

  private validatorFor(
    template: string,
    method: string,
    status: number,
    mediaType: string,
  ): ValidateFunction {
    const pointer = ['paths', template, method, 'responses', String(status), 'content', mediaType, 'schema']
      .map(escapePointer)
      .join('/');
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi.json#/${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
