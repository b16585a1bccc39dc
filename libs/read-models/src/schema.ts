/** The schema the live read models are served from; a rebuild fills another and swaps names. */
export const LIVE_SCHEMA = 'read';

/** Projections kept by the projector; each has its own checkpoint per partition. */
export const PROJECTIONS = ['event-log', 'matches', 'ties', 'scorers', 'competitions'] as const;

/**
 * The shape of the read models. A schema folded in another shape is cleared and folded again
 * from offset 0 (see `bindToLog`): rows of new tables cannot be filled from the old ones.
 */
export const READ_MODEL_SHAPE = 4;

/** Channel the projector notifies after each committed batch (payload: changed streams' versions). */
export const PROJECTED_CHANNEL = 'touchline_projected';

const SAFE_SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names are ours, never a client's; still, refuse anything that is not a plain identifier. */
export function schemaName(name: string): string {
  if (!SAFE_SCHEMA.test(name)) throw new Error(`not a schema name: ${name}`);
  return name;
}
