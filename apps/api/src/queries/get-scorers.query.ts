import { Query } from '@nestjs/cqrs';
import type { ScorerLine } from '@touchline/domain';

export class GetScorersQuery extends Query<ScorerLine[]> {
  constructor(readonly competition: string) {
    super();
  }
}
