import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Config, CONFIG, Logger, LOGGER } from '@touchline/platform';
import { parseApiKeys, Principal } from './api-keys';

/** The configured API keys, parsed once; the guard and the rate limiter both look keys up here. */
@Injectable()
export class ApiKeyRegistry {
  private readonly keys: Map<string, Principal>;

  constructor(@Inject(CONFIG) config: Config, @Inject(LOGGER) logger: Logger) {
    let secret = config.identitySecret;
    if (!secret && config.apiKeys.trim()) {
      logger.warn(
        'TOUCHLINE_IDENTITY_SECRET is not set: feeder identities in new records will differ after a restart',
      );
      secret = randomBytes(32).toString('hex');
    }
    this.keys = parseApiKeys(config.apiKeys, secret);
  }

  /** The principal of a configured key; undefined for anything else. */
  principal(key: string): Principal | undefined {
    return this.keys.get(key);
  }
}
