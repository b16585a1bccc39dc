import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { foldMatch, matchView, MatchView } from '@touchline/domain';
import { matchStreamId, recordedMatchEvent } from '@touchline/event-store';
import { ReadModelRepository } from '@touchline/read-models';
import { notFound, Problem } from '../http/problem';
import { Versioned } from '../http/version-etag';
import { GetMatchStateQuery } from './get-match-state.query';
import { MinVersionGate } from './min-version.gate';

/** Time travel: the stream's stored events folded with the domain's evolve, up to the point asked for. */
@QueryHandler(GetMatchStateQuery)
export class GetMatchStateHandler implements IQueryHandler<GetMatchStateQuery> {
  constructor(
    private readonly repo: ReadModelRepository,
    private readonly gate: MinVersionGate,
  ) {}

  /**
   * The answer is a function of the URL and the stored events up to `atSeq`: its version is how
   * many of them there are (stored events are only ever added, so the count names the set: the
   * match's version, or `atSeq` once the match has passed it, after which the answer never changes).
   */
  async execute({ matchId, travel, minVersion }: GetMatchStateQuery): Promise<Versioned<MatchView>> {
    await this.gate.require([{ matchId, version: minVersion ?? 0 }]);
    const rows = await this.repo.events(matchStreamId(matchId), 1, 1_000_000);
    if (!rows.length) throw notFound('Match', matchId);
    const upTo = travel.atSeq;
    const folded = upTo === undefined ? rows : rows.filter((r) => r.seq <= upTo);
    const state = foldMatch(
      folded.map((r) => recordedMatchEvent(r.body)),
      travel,
    );
    if (!state) {
      throw new Problem(
        404,
        'not-yet-scheduled',
        'Match not yet scheduled',
        `Match '${matchId}' was not yet known at asOf ${travel.asOf}.`,
      );
    }
    return new Versioned(matchView(state), String(folded.length));
  }
}
