import type { z } from 'zod';

/**
 * A compile-time check that a producer's type `T` fits the documented response schema `S`:
 * `type X = Fits<typeof schema, MatchView>` fails to compile when they drift apart.
 */
export type Fits<S extends z.ZodType, T extends z.output<S>> = T;
