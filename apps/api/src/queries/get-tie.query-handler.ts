import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { legsInOrder, tieStanding, type TieState } from '@touchline/domain';
import { matchStreamId, tieStreamId } from '@touchline/event-store';
import { ReadModelRepository } from '@touchline/read-models';
import { notFound, validationProblem } from '../http/problem';
import { GetTieQuery, TieResponse } from './get-tie.query';
import { HotTie, HotViewsService } from './hot-views.service';
import { MinVersionGate } from './min-version.gate';
import type { VersionTarget } from './query-params';

/**
 * Derived at query time from the tie row and both legs' rows, so the order partitions were read
 * in never matters; held in memory until the tie or a leg moves.
 */
@QueryHandler(GetTieQuery)
export class GetTieHandler implements IQueryHandler<GetTieQuery> {
  constructor(
    private readonly repo: ReadModelRepository,
    private readonly gate: MinVersionGate,
    private readonly hot: HotViewsService,
  ) {}

  async execute({ tieId, minVersions }: GetTieQuery): Promise<TieResponse> {
    const key = tieStreamId(tieId);
    const held = this.hot.ties.lookup(key, (deps) =>
      minVersions.every((t) => (deps.get(matchStreamId(t.matchId)) ?? -1) >= t.version),
    );
    if (held) {
      onlyLegs(tieId, held.legs, minVersions);
      return held.response;
    }
    const known = await this.repo.tie(tieId);
    // What this reader read retires older views, and a load it joins must be at least as new.
    if (known) this.hot.seen(key, known.version);
    if (known) onlyLegs(tieId, known.legs, minVersions);
    await this.gate.require(minVersions, known ? undefined : tieId);
    // The tie is read again inside the load: one read before it started could be older than a
    // version heard meanwhile, and the load could not tell (it would be kept, and served, stale).
    const tie = await this.hot.ties.load(key, async () => {
      const state = await this.repo.tie(tieId);
      return state && this.standing(key, state);
    });
    if (!tie) throw notFound('Tie', tieId);
    if (!known) onlyLegs(tieId, tie.legs, minVersions);
    return tie.response;
  }

  /** The tie's standing now, with the versions of the tie and its legs it was read at (0: no row yet). */
  private async standing(key: string, tie: TieState): Promise<{ value: HotTie; deps: Map<string, number> }> {
    const rows = await this.repo.matches([...tie.legs]);
    const [leg1, leg2] = legsInOrder(
      tie,
      [...rows.values()].map((r) => r.state),
    );
    const standing = tieStanding(tie, leg1, leg2);
    const response = {
      ...standing,
      legs: standing.legs.map((leg) => ({ ...leg, version: rows.get(leg.matchId)?.version ?? null })),
    };
    const deps = new Map([[key, tie.version]]);
    for (const leg of tie.legs) deps.set(matchStreamId(leg), rows.get(leg)?.version ?? 0);
    return { value: { legs: tie.legs, response }, deps };
  }
}

/** `minVersion` on a tie names its legs, each at most once. */
function onlyLegs(tieId: string, legs: readonly string[], targets: VersionTarget[]): void {
  const stranger = targets.find((t) => !legs.includes(t.matchId));
  if (stranger) {
    throw validationProblem([
      { field: 'minVersion', message: `'${stranger.matchId}' is not a leg of tie '${tieId}'` },
    ]);
  }
  if (new Set(targets.map((t) => t.matchId)).size < targets.length) {
    throw validationProblem([{ field: 'minVersion', message: 'names a leg more than once' }]);
  }
}
