import { HttpException } from '@nestjs/common';
import { problemType, type ProblemCode } from './problem.types';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

export { problemType } from './problem.types';

/** An RFC 9457 problem: thrown anywhere in the API, rendered as application/problem+json. */
export class Problem extends HttpException {
  constructor(
    status: number,
    readonly code: ProblemCode,
    title: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super({ type: problemType(code), title, status, ...(detail ? { detail } : {}), ...extensions }, status);
  }

  get body(): ProblemBody {
    return this.getResponse() as ProblemBody;
  }
}

export type FieldError = { field: string; message: string };

export const validationProblem = (errors: FieldError[]): Problem =>
  new Problem(
    400,
    'validation',
    'The request is not valid',
    errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    { errors },
  );

export const notFound = (what: string, id: string): Problem =>
  new Problem(404, 'not-found', `${what} not found`, `No ${what.toLowerCase()} with id '${id}'.`);

export const unavailable = (detail: string, retryAfterSeconds = 1): Problem =>
  new Problem(
    503,
    'unavailable',
    'Service temporarily unavailable',
    detail,
    {},
    {
      'Retry-After': String(retryAfterSeconds),
    },
  );
