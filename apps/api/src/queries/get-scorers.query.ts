import { Query } from '@nestjs/cqrs';
import type { ScorerLine } from '@touchline/domain';
import type { Versioned } from '../http/version-etag';

export class GetScorersQuery extends Query<Versioned<ScorerLine[]>> {
  constructor(readonly competition: string) {
    super();
  }
}
