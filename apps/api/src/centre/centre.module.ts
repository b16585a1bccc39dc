import { Module } from '@nestjs/common';
import { CentreAssets } from './centre-assets';
import { CentreController } from './centre.controller';

/** The match centre web page, served by the API itself (no CDN, nothing external). */
@Module({
  controllers: [CentreController],
  providers: [{ provide: CentreAssets, useFactory: () => new CentreAssets() }],
})
export class CentreModule {}
