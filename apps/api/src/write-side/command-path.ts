import { Inject, Injectable } from '@nestjs/common';
import type { Decider, Refusal } from '@touchline/domain';
import { requireMayFeed } from '../access/require-may-feed';
import type { Principal } from '../access/api-keys';
import { notFound, Problem } from '../http/problem';
import type { CommandResult } from './command-result';
import { checkRetry, checkOpeningRetry } from './idempotency';
import { toLogRecords } from './record-factory';
import { STREAM_LOG, type StreamLog } from './stream-log.port';
import { StreamRegistry, type SeenEvents } from './stream-registry';
import type { Needs } from './stream-warmer';

/** A stream as the registry holds it. */
export interface LoadedStream<S> {
  state: S;
  version: number;
  competition: string;
  seen: SeenEvents;
}

export interface Ack {
  seq: number;
  eventId: string;
}

/** One command for one stream, with what the command path needs to run it. */
export interface StreamCommand<C, S, E extends { type: string; eventId?: string }, X> {
  streamId: string;
  /** What the stream is, in answers: 'match', 'tie', 'competition'. */
  noun: string;
  decider: Decider<C, S, E, X>;
  command: C;
  principal: Principal;
  /**
   * `open`: the command starts the stream (`POST /matches`…); access is checked against the
   * competition it names, and a retry is the stream's very opening event again. `append`: the
   * stream must exist (else `missing`), and retries are recognised event by event.
   */
  mode: { opens: true; competition: string } | { opens: false; missing: () => Problem };
  /** The events as posted, under their eventIds: what a retry is recognised by. */
  posted: E[];
  expectedVersion?: number;
  /** The streams and leg claims the command reads: loaded before the decision if they left memory. */
  needs(registry: StreamRegistry): Needs;
  load(registry: StreamRegistry): LoadedStream<S> | undefined;
  /** What the decision reads from outside the stream (other streams, the clock), read in the stream's turn. */
  context(registry: StreamRegistry, state: S, now: string): X;
  /**
   * Claims what the decision took from other streams (a tie's legs) until the append settles, so
   * that of two commands racing for it on different streams only the first passes. Returns the release.
   */
  claim?(registry: StreamRegistry): () => void;
  answer(acks: Ack[]): unknown;
}

/** A refusal of the domain as the HTTP answer: 422 naming the rule, 409, or 404. */
export function refusalProblem(refusal: Refusal): Problem {
  switch (refusal.kind) {
    case 'rule':
      return new Problem(422, refusal.rule, refusal.title, refusal.detail, {
        rule: refusal.rule,
        index: refusal.index,
      });
    case 'conflict':
      return new Problem(409, refusal.code, refusal.title, refusal.detail);
    case 'not-found':
      return notFound(refusal.entity, refusal.id);
  }
}

/**
 * The one write path: in the stream's turn, idempotency → expectedVersion → decide → append.
 * Everything a command handler does besides parsing its body happens here.
 */
@Injectable()
export class CommandPath {
  constructor(
    private readonly registry: StreamRegistry,
    @Inject(STREAM_LOG) private readonly log: StreamLog,
  ) {}

  async execute<C, S, E extends { type: string; eventId?: string }, X>(
    cmd: StreamCommand<C, S, E, X>,
  ): Promise<CommandResult> {
    if (cmd.mode.opens) requireMayFeed(cmd.principal, cmd.mode.competition);
    return this.log.serialised(cmd.streamId, async () => {
      // The only await before the decision: from here to the append, memory is read synchronously.
      const release = await this.log.warm((registry) => cmd.needs(registry));
      try {
        return await this.decideAndAppend(cmd);
      } finally {
        release();
      }
    });
  }

  private async decideAndAppend<C, S, E extends { type: string; eventId?: string }, X>(
    cmd: StreamCommand<C, S, E, X>,
  ): Promise<CommandResult> {
    const stream = cmd.load(this.registry);
    if (!cmd.mode.opens) {
      if (!stream) throw cmd.mode.missing();
      requireMayFeed(cmd.principal, stream.competition);
    }
    if (stream) {
      const retry = cmd.mode.opens
        ? checkOpeningRetry(stream.seen, cmd.posted[0])
        : checkRetry(stream.seen, cmd.posted);
      if (retry.kind === 'replay') {
        const acks = retry.seqs.map((seq, i) => ({ seq, eventId: String(cmd.posted[i].eventId) }));
        return { status: 200, body: cmd.answer(acks) };
      }
      if (retry.kind === 'conflict') {
        throw new Problem(409, 'event-id-conflict', 'eventId already used', retry.reason, {
          eventId: retry.eventId,
        });
      }
      if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== stream.version) {
        throw new Problem(
          409,
          'version-conflict',
          `The ${cmd.noun} has moved on`,
          `Expected version ${cmd.expectedVersion}, but the ${cmd.noun} is at ${stream.version}.`,
          { currentVersion: stream.version, expectedVersion: cmd.expectedVersion },
        );
      }
    }
    const now = new Date().toISOString();
    const state = stream ? stream.state : cmd.decider.initialState;
    const decision = cmd.decider.decide(cmd.command, state, cmd.context(this.registry, state, now));
    if (!decision.ok) throw refusalProblem(decision.refusal);
    const records = toLogRecords(cmd.streamId, stream?.version ?? 0, decision.events, cmd.principal.id, now);
    const release = cmd.claim?.(this.registry);
    try {
      await this.log.append(records);
    } finally {
      release?.();
    }
    return { status: 201, body: cmd.answer(records.map((r) => ({ seq: r.seq, eventId: r.eventId }))) };
  }
}
