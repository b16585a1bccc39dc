import type { FastifyInstance } from 'fastify';
import { Problem } from './problem';

/** `application/json` and every `application/*+json`, whatever their parameters. */
export const JSON_MEDIA_TYPE = /^application\/(?:[^\s;/]+\+)?json(?:\s*;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

export const malformedJson = (): Problem =>
  new Problem(400, 'malformed-json', 'The request body is not valid JSON', 'body: malformed JSON', {
    errors: [{ field: 'body', message: 'malformed JSON' }],
  });

type WithRawBody = { rawJsonBody?: string };

/** The JSON body exactly as it arrived (for forwarding it byte for byte); undefined when there was none. */
export const rawJsonBody = (req: object): string | undefined => (req as WithRawBody).rawJsonBody;

export const bodyTooLarge = (): Problem =>
  new Problem(413, 'payload-too-large', 'The request body is too large');

/**
 * Parses JSON bodies (up to `bodyLimit` bytes, else 413) with plain `JSON.parse`, so that a
 * `__proto__` key stays an ordinary field for validation to name; leaves every other body unread,
 * for `JsonBodyGuard` to refuse with 415 after the key has been checked (as before any parsing).
 */
export function registerBodyParsers(server: FastifyInstance, bodyLimit: number): void {
  server.removeAllContentTypeParsers();
  server.addContentTypeParser(
    JSON_MEDIA_TYPE,
    { parseAs: 'string', bodyLimit },
    (req, body: string, done) => {
      const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        done(
          new Problem(
            415,
            'unsupported-media-type',
            'The request body must be JSON in UTF-8',
            `Unsupported charset '${charset.slice(0, 40)}'.`,
          ),
          undefined,
        );
        return;
      }
      // An empty body is left for the guard, which names `body` as missing.
      if (body === '') return done(null, undefined);
      (req as WithRawBody).rawJsonBody = body;
      try {
        done(null, JSON.parse(body));
      } catch {
        done(malformedJson(), undefined);
      }
    },
  );
  server.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}
