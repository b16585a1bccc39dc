import { z } from 'zod';
import { PROBLEM_CODES, problemType, RULES, type ProblemStatus } from './problem.types';

export const fieldErrorSchema = z
  .object({
    field: z.string().meta({ description: 'a path such as "team", "[2].minute", "homeTeam.id", "If-Match"' }),
    message: z.string(),
  })
  .meta({ id: 'FieldError' });

const EXTENSIONS = {
  400: { errors: z.array(fieldErrorSchema).optional().meta({ description: 'each refused field, by name' }) },
  409: {
    currentVersion: z
      .number()
      .min(0)
      .optional()
      .meta({ description: 'version-conflict: the stream is at this seq' }),
    expectedVersion: z.number().min(0).optional(),
    eventId: z
      .string()
      .optional()
      .meta({ description: 'event-id-conflict: the eventId used with other content' }),
  },
  422: {
    rule: z.enum(RULES).meta({ description: 'the rule the request broke' }),
    index: z
      .int()
      .min(0)
      .optional()
      .meta({ description: 'position of the offending event in the posted array' }),
  },
  503: {
    kafka: z.string().optional().meta({ description: 'not-ready: "ok" or why not' }),
    postgres: z.string().optional(),
  },
} satisfies Partial<Record<ProblemStatus, z.ZodRawShape>>;

/** The RFC 9457 problem a status answers with: its `type` URIs enumerated, its extensions named. */
export function problemSchema(status: ProblemStatus) {
  const types = PROBLEM_CODES[status].map(problemType) as [string, ...string[]];
  const extensions: z.ZodRawShape =
    (EXTENSIONS as Partial<Record<ProblemStatus, z.ZodRawShape>>)[status] ?? {};
  return z
    .object({
      type: z.enum(types).meta({ description: `https://touchline.dev/problems/<code>` }),
      title: z.string(),
      status: z.literal(status),
      detail: z.string().optional(),
      ...extensions,
    })
    .meta({ id: `Problem${status}`, description: 'application/problem+json (RFC 9457)' });
}
