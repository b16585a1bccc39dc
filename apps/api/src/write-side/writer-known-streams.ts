import type { WriterElection } from '@touchline/event-store';
import type { Logger } from '@touchline/platform';
import type { KnownStreams, WriterStreamStatus } from './known-streams';
import { writerStreamPath } from './known-streams';
import type { StreamWriter } from './stream-writer';

/** A hang guard on asking the writer: past it, the query waits as if the writer were re-reading. */
const ASK_TIMEOUT_MS = 2000;

/**
 * The write side's knowledge of streams on every instance: the writer answers from its memory
 * (and its snapshot store); any other instance asks the writer, which alone knows every stream
 * the log holds, since the read model lags behind the log. When the writer cannot be asked (the
 * role moving, no answer) the answer is "cannot tell" (null), and the query waits as before.
 */
export class WriterKnownStreams implements KnownStreams {
  constructor(
    private readonly writer: StreamWriter,
    private readonly election: WriterElection,
    private readonly logger: Logger,
  ) {}

  async lastSeq(streamId: string): Promise<number | null> {
    const { self, url } = this.election.view;
    if (self || url === null) return this.writer.lastSeq(streamId);
    try {
      const res = await fetch(`${url}${writerStreamPath(streamId)}`, {
        signal: AbortSignal.timeout(ASK_TIMEOUT_MS),
      });
      if (res.status !== 200) return null;
      const { lastSeq } = (await res.json()) as WriterStreamStatus;
      return Number.isInteger(lastSeq) && lastSeq >= 0 ? lastSeq : null;
    } catch (err) {
      this.logger.warn({ err, url }, 'the writer could not be asked whether a stream exists');
      return null;
    }
  }
}
