import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { JSON_MEDIA_TYPE } from './body-parsers';
import { Problem, validationProblem } from './problem';
import { unstorableText } from './storable-text';

/**
 * Commands take a JSON body. Without this, a body sent as text/plain (or with no type) is never
 * parsed and would be refused as if it were an empty or wrong event; say what is really wrong:
 * no body is a 400 naming `body`, a body of another media type a 415, and text PostgreSQL
 * cannot store (NUL, unpaired surrogates) a 400 naming its field.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const length = req.headers['content-length'];
    const chunked = req.headers['transfer-encoding'] !== undefined;
    const type = req.headers['content-type'];
    if (!chunked && (length === undefined || Number(length) === 0)) {
      throw validationProblem([{ field: 'body', message: 'a JSON body is required' }]);
    }
    if (type === undefined || !JSON_MEDIA_TYPE.test(type.trim())) {
      throw new Problem(
        415,
        'unsupported-media-type',
        'The request body must be JSON',
        `Send Content-Type: application/json (got ${type ?? 'none'}).`,
      );
    }
    // A JSON type with a body that turned out empty (chunked, nothing in it).
    if (req.body === undefined)
      throw validationProblem([{ field: 'body', message: 'a JSON body is required' }]);
    const unstorable = unstorableText(req.body);
    if (unstorable) throw validationProblem([unstorable]);
    return true;
  }
}
