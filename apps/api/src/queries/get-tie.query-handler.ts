import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { legsInOrder, tieStanding } from '@touchline/domain';
import { ReadModelRepository } from '@touchline/read-models';
import { notFound, validationProblem } from '../http/problem';
import { GetTieQuery, TieResponse } from './get-tie.query';
import { MinVersionGate } from './min-version.gate';
import type { VersionTarget } from './query-params';

/** Derived at query time from the tie row and both legs' rows, so the order partitions were read in never matters. */
@QueryHandler(GetTieQuery)
export class GetTieHandler implements IQueryHandler<GetTieQuery> {
  constructor(
    private readonly repo: ReadModelRepository,
    private readonly gate: MinVersionGate,
  ) {}

  async execute({ tieId, minVersions }: GetTieQuery): Promise<TieResponse> {
    const known = await this.repo.tie(tieId);
    if (known) onlyLegs(tieId, known.legs, minVersions);
    await this.gate.require(minVersions, known ? undefined : tieId);
    const tie = known ?? (await this.repo.tie(tieId));
    if (!tie) throw notFound('Tie', tieId);
    if (!known) onlyLegs(tieId, tie.legs, minVersions);
    const rows = await this.repo.matches([...tie.legs]);
    const [leg1, leg2] = legsInOrder(
      tie,
      [...rows.values()].map((r) => r.state),
    );
    const standing = tieStanding(tie, leg1, leg2);
    return {
      ...standing,
      legs: standing.legs.map((leg) => ({ ...leg, version: rows.get(leg.matchId)?.version ?? null })),
    };
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
