import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * helmet's security headers (its defaults) on every answer, set in an `onRequest` hook, so that even
 * a body the parser refuses has them. The middleware is built once: `@fastify/helmet` builds it
 * anew on every request (parsing the Content-Security-Policy directives again) and adds a second,
 * async hook for reply decorators this api never uses (`reply.helmet()`, CSP nonces).
 */
export function registerSecurityHeaders(server: FastifyInstance): void {
  const apply = helmet();
  server.addHook('onRequest', (req, reply, done) =>
    apply(req.raw, reply.raw, (err) => done(err as Error | undefined)),
  );
}
