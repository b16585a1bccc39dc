import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WriterElection } from '@touchline/event-store';
import { unavailable } from '../http/problem';
import { FORWARDED_HEADER, WriterForwarder } from './writer-forwarder';

/**
 * On a command route: the writer handles it; any other instance forwards it to the writer and
 * answers with what the writer said. Called first thing by each command handler of a controller,
 * so after the guards: the key is checked and the request counted here first. A request that was
 * already forwarded is never forwarded again (no loops while the role moves): it is a 503, and the
 * client retries. (A Nest interceptor did this before; on the writer it cost an rxjs chain and two
 * async-context binds per request for nothing.)
 */
@Injectable()
export class ForwardToWriter {
  constructor(
    private readonly election: WriterElection,
    private readonly forwarder: WriterForwarder,
  ) {}

  /**
   * Undefined on the writer: the caller goes on and handles the command. Elsewhere the relay of
   * the writer's answer, already under way: the caller returns it and does nothing else.
   */
  unlessWriter(req: FastifyRequest, reply: FastifyReply): Promise<void> | undefined {
    const { self, url } = this.election.view;
    if (self) return undefined;
    if (req.headers[FORWARDED_HEADER] !== undefined) {
      throw unavailable('this instance is not the writer (the role is moving); retry shortly');
    }
    if (!url) throw unavailable('no writer is known right now (the role is moving); retry shortly');
    return this.relay(url, req, reply);
  }

  private async relay(url: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const answer = await this.forwarder.forward(url, req);
    for (const [name, value] of answer.headers) void reply.header(name, value);
    void reply.status(answer.status).send(answer.body);
  }
}
