import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Problem, validationProblem } from './problem';
import { unstorableText } from './storable-text';

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Commands take a JSON body. Without this, a body sent as text/plain (or with no type) is never
 * parsed and would be refused as if it were an empty or wrong event; say what is really wrong:
 * no body is a 400 naming `body`, a body of another media type a 415, and text PostgreSQL
 * cannot store (NUL, unpaired surrogates) a 400 naming its field.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const length = req.headers['content-length'];
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if (!chunked && (length === undefined || Number(length) === 0)) {
      throw validationProblem([{ field: 'body', message: 'a JSON body is required' }]);
    }
    if (!req.is(JSON_TYPES)) {
      throw new Problem(
        415,
        'unsupported-media-type',
        'The request body must be JSON',
        `Send Content-Type: application/json (got ${req.headers['content-type'] ?? 'none'}).`,
      );
    }
    const unstorable = unstorableText(req.body);
    if (unstorable) throw validationProblem([unstorable]);
    return true;
  }
}
