import { RULE_CODES } from '@touchline/domain';

/** The `rule` codes a 422 can carry. */
export const RULES = RULE_CODES;

/**
 * Every problem type the API answers with, by status: `type` is `problemType(code)`. The OpenAPI
 * document enumerates these; `Problem` only takes a code listed here, so none goes undocumented.
 */
export const PROBLEM_CODES = {
  400: ['validation', 'malformed-json', 'bad-request'],
  401: ['unauthorized'],
  403: ['forbidden'],
  404: ['not-found', 'not-yet-scheduled'],
  405: ['method-not-allowed'],
  409: [
    'event-id-conflict',
    'version-conflict',
    'match-exists',
    'tie-exists',
    'competition-exists',
    'conflict',
  ],
  413: ['payload-too-large'],
  415: ['unsupported-media-type'],
  422: RULES,
  429: ['too-many-requests', 'too-many-streams'],
  500: ['internal', 'stream-out-of-step', 'error'],
  503: ['unavailable', 'not-ready'],
} as const;

export type ProblemStatus = keyof typeof PROBLEM_CODES;
export type ProblemCode = (typeof PROBLEM_CODES)[ProblemStatus][number];

export const PROBLEM_BASE_URI = 'https://touchline.dev/problems/';
export const problemType = (code: ProblemCode): string => `${PROBLEM_BASE_URI}${code}`;
