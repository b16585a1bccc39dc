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
  keepConnectionAfterRefusedBody(server);
}

/** The most of a refused body that is read and thrown away to keep its connection usable. */
export const DRAIN_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Fastify answers a body it refuses with `Connection: close`, and Node then closes the socket as
 * soon as the answer is written, while the client may still be sending: its next write meets a
 * reset and, depending on timing, it never reads the 413 (a browser or fetch reports a network
 * error). A refused body whose declared length is at most DRAIN_MAX_BYTES is instead read to its
 * end and discarded (Node does that for a request body left unread), and the connection stays
 * open; a longer or undeclared one still closes the connection, so the cost stays bounded.
 */
function keepConnectionAfterRefusedBody(server: FastifyInstance): void {
  server.addHook('onSend', (req, reply, payload, done) => {
    const declared = Number(req.headers['content-length']);
    if (reply.statusCode === 413 && Number.isSafeInteger(declared) && declared <= DRAIN_MAX_BYTES)
      reply.removeHeader('connection');
    done(null, payload);
  });
}
