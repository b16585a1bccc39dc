import { Module } from '@nestjs/common';
import { ReadModelRepository } from '../queries/read-model.repository';
import { ProjectionNotifications } from './projection-notifications.service';

/** What the projector has committed: the read-model repository and the shared LISTEN connection. */
@Module({
  providers: [ReadModelRepository, ProjectionNotifications],
  exports: [ReadModelRepository, ProjectionNotifications],
})
export class ProjectionEventsModule {}
