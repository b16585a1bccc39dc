import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Config, CONFIG } from '@touchline/platform';
import { Problem, unavailable } from '../http/problem';
import { scrapeGauge } from '../metrics/gauge';
import { counter } from '../metrics/registered';
import { ClientLifetime } from './client-lifetime';

/**
 * Admits streaming responses: at most `perClient` open per client address and `total` in all.
 * A stream counts from the first line of its handler until its socket closes, whatever happens
 * in between (a 404, a reset before the first byte, a slow reader dropped).
 */
@Injectable()
export class OpenStreams {
  private readonly byClient = new Map<string, number>();
  private open = 0;
  private readonly refused = counter(
    'touchline_streams_refused_total',
    'Streams refused because a limit was reached',
    ['limit'],
  );

  constructor(@Inject(CONFIG) private readonly config: Config) {
    scrapeGauge('touchline_streams_open', 'Server-Sent Event streams open', () => this.open);
  }

  get count(): number {
    return this.open;
  }

  /** Starts a stream's life, or refuses it: 429 past the per-address limit, 503 past the total. */
  admit(req: FastifyRequest, reply: FastifyReply): ClientLifetime {
    const client = req.ip;
    const held = this.byClient.get(client) ?? 0;
    if (held >= this.config.streams.perClient) {
      this.refused.inc({ limit: 'client' });
      throw new Problem(
        429,
        'too-many-streams',
        'Too many open streams',
        `At most ${this.config.streams.perClient} streams may be open from one address; close one first.`,
        {},
        { 'Retry-After': '5' },
      );
    }
    if (this.open >= this.config.streams.total) {
      this.refused.inc({ limit: 'total' });
      throw unavailable('the server holds as many streams as it can; retry shortly', 5);
    }
    this.byClient.set(client, held + 1);
    this.open++;
    const lifetime = new ClientLifetime(reply.raw);
    lifetime.onEnd(() => {
      this.open--;
      const left = (this.byClient.get(client) ?? 1) - 1;
      if (left > 0) this.byClient.set(client, left);
      else this.byClient.delete(client);
    });
    return lifetime;
  }
}
