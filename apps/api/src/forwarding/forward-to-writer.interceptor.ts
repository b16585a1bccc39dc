import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, Observable } from 'rxjs';
import { WriterElection } from '@touchline/event-store';
import { unavailable } from '../http/problem';
import { FORWARDED_HEADER, WriterForwarder } from './writer-forwarder';

/**
 * On a command route: the writer handles it; any other instance forwards it to the writer and
 * answers with what the writer said. Runs after the guards, so the key is checked and the request
 * counted here first. A request that was already forwarded is never forwarded again (no loops
 * while the role moves): it is a 503, and the client retries.
 */
@Injectable()
export class ForwardToWriter implements NestInterceptor {
  constructor(
    private readonly election: WriterElection,
    private readonly forwarder: WriterForwarder,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const { self, url } = this.election.view;
    if (self) return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    if (req.headers[FORWARDED_HEADER] !== undefined) {
      throw unavailable('this instance is not the writer (the role is moving); retry shortly');
    }
    if (!url) throw unavailable('no writer is known right now (the role is moving); retry shortly');
    return from(this.relay(url, req, http.getResponse<FastifyReply>()));
  }

  private async relay(url: string, req: FastifyRequest, reply: FastifyReply): Promise<undefined> {
    const answer = await this.forwarder.forward(url, req);
    for (const [name, value] of answer.headers) void reply.header(name, value);
    void reply.status(answer.status).send(answer.body);
    return undefined;
  }
}
