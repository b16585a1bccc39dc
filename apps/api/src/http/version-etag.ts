import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable, tap } from 'rxjs';

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

/**
 * A short name for the versions an answer was read at, e.g. `<matchId>@<version>` of every match
 * it was derived from, given in an order of the caller's (a set sorted, a list as listed).
 */
export function versionsDigest(parts: readonly string[]): string {
  const hash = createHash('sha1');
  // A newline is in no stream id: the parts cannot run into each other.
  for (const part of parts) hash.update(part).update('\n');
  return hash.digest('base64url').slice(0, 16);
}

/**
 * An answer whose body does not show the version it is a function of (with its URL): `version`
 * names it, read in the same snapshot as the body (a version read apart from its rows could name
 * newer rows than those sent, and a 304 would then hide them).
 */
export class Versioned<T> {
  constructor(
    readonly body: T,
    readonly version: string,
  ) {}
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

@Injectable()
class VersionedInterceptor<T> implements NestInterceptor<Versioned<T>, T> {
  intercept(context: ExecutionContext, next: CallHandler<Versioned<T>>): Observable<T> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((answer) => {
        void reply.header('ETag', versionETag(answer.version));
        return answer.body;
      }),
    );
  }
}

/** Sends the body of the route's `Versioned` answers, tagged with their version. */
export const VersionedETag = () => applyDecorators(UseInterceptors(new VersionedInterceptor()));

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
