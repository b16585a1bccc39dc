import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Observable, tap } from 'rxjs';

/**
 * Set once per process: the same version may read differently under other code (a fix of the
 * fold, a new field), and code only changes with a restart, so the tag names the process too.
 * One fetch per client after a restart is the price.
 */
const PROCESS_TAG = Date.now().toString(36);

/** The ETag of an answer that is a function of its URL and `version`: `"<version>.<process>"`. */
export function versionETag(version: string): string {
  return `"${version}.${PROCESS_TAG}"`;
}

/** If-None-Match (weak comparison, RFC 9110 §13.1.2): does the client hold this tag already? */
export function clientHolds(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  for (const raw of ifNoneMatch.split(',')) {
    const tag = raw.trim();
    if (tag === '*' || tag === etag || (tag.startsWith('W/') && tag.slice(2) === etag)) return true;
  }
  return false;
}

@Injectable()
class VersionETagInterceptor<T> implements NestInterceptor<T, T> {
  constructor(private readonly versionOf: (body: T) => string) {}

  intercept(context: ExecutionContext, next: CallHandler<T>): Observable<T> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(tap((body) => void reply.header('ETag', versionETag(this.versionOf(body)))));
  }
}

/** Tags the route's answers with their version; `answerNotModified` then turns a match into a 304. */
export const VersionETag = <T>(versionOf: (body: T) => string) =>
  applyDecorators(UseInterceptors(new VersionETagInterceptor(versionOf)));

/** A GET whose ETag the client already holds is answered 304, without the body. */
export function answerNotModified(server: FastifyInstance): void {
  server.addHook('onSend', (req: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch === undefined || reply.statusCode !== 200) return done(null, payload);
    if (req.method !== 'GET' && req.method !== 'HEAD') return done(null, payload);
    const etag = reply.getHeader('etag');
    if (typeof etag !== 'string' || !clientHolds(ifNoneMatch, etag)) return done(null, payload);
    reply.code(304).removeHeader('content-type').removeHeader('content-length');
    done(null, null);
  });
}
