import { Module } from '@nestjs/common';
import { QueriesModule } from '../queries/queries.module';
import { ReadModelsModule } from '../read-models/read-models.module';
import { LiveController } from './live.controller';
import { LiveFeeds } from './live-feeds.service';
import { OpenStreams } from './open-streams';
import { ReplayController } from './replay.controller';

/** Server-Sent Event streams of a match: replay from the stored log, and live as it is projected. */
@Module({
  imports: [ReadModelsModule, QueriesModule],
  controllers: [ReplayController, LiveController],
  providers: [OpenStreams, LiveFeeds],
})
export class StreamsModule {}
