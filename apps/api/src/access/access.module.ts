import { Global, Module } from '@nestjs/common';
import { ApiKeyRegistry } from './api-key.registry';

/** The configured API keys, one registry for the whole API (one identity secret). */
@Global()
@Module({ providers: [ApiKeyRegistry], exports: [ApiKeyRegistry] })
export class AccessModule {}
