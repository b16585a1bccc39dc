import { AssignerProtocol, Consumer, ConsumerGroupJoinEvent, Kafka, PartitionAssigner } from 'kafkajs';
import { CrashRejoin, MemberCrash } from './crash-rejoin';
import { ensureEventsTopic } from './topic';
import { chooseWriter, decodeCandidate, encodeCandidate, WriterCandidate } from './writer-choice';

/** The broker's group.min.session.timeout.ms is 6 s; with the rebalance and the log read, 15 s overall. */
export const WRITER_SESSION_TIMEOUT_MS = 6000;
/** kafkajs heartbeats only between fetches: the empty control topic is fetched this often. */
const HEARTBEAT_INTERVAL_MS = 1000;
const FETCH_WAIT_MS = 1000;
const REBALANCE_TIMEOUT_MS = 10000;
/**
 * How long after the group's last word the role still counts as held here: short of the session
 * timeout by a heartbeat, since the broker counts from when it received the heartbeat and this
 * member from when the answer came back.
 */
const LEASE_MS = WRITER_SESSION_TIMEOUT_MS - HEARTBEAT_INTERVAL_MS;
const ASSIGNER = 'TouchlineOneWriter';

/** Who holds the writer role, as this member last learnt it. */
export interface WriterView {
  /** This member holds the role (since its last join). */
  self: boolean;
  /** The writer's advertised URL; null while no writer is known. */
  url: string | null;
}

export interface WriterElectionOptions {
  /** The events topic: the group and its control topic are named after it. */
  topic: string;
  replicationFactor: number;
  advertisedUrl: string;
}

export interface WriterRoleHandlers {
  /** This member became the writer (after a join that gave it the role it did not hold). */
  onElected(): void;
  /** This member no longer holds the role. */
  onDeposed(reason: string): void;
  /** The group member crashed (deposed first); with `restart: false` a fresh member rejoins. */
  onMemberCrashed?(crash: MemberCrash): void;
  /** A fresh member could not be started after a crash; it is tried again after a back-off. */
  onRejoinFailed?(error: unknown): void;
}

export const writersGroupOf = (topic: string): string => `touchline-writers.${topic}`;
export const writersTopicOf = (topic: string): string => `${topic}.writers`;

/**
 * One member of the writers' group of an events topic. The group's one-partition control topic is
 * assigned to exactly one member: that member is the writer. Each member's advertised URL travels
 * in its join metadata; after every join each member reads the group back (kafkajs keeps only its
 * own assignment) to learn where the writer is.
 *
 * The role is held from a join that gave it until a join that does not (a join under the same
 * member id keeps it: the membership never lapsed), a crash, or a stop. A member that crashed for
 * good (kafkajs does not restart it) is replaced by a fresh one (`CrashRejoin`), which joins under
 * a new member id like any other candidate. During a rebalance, and
 * while the last word from the group is older than the session timeout, `leaseValid` is false:
 * the broker may be handing the role on. The broker's fence (the transactional producer) is what makes a
 * stale writer harmless; this is the early, local check.
 */
export class WriterElection {
  private member: CrashRejoin | null = null;
  private memberId: string | null = null;
  private seenWriter: string | null = null;
  private writerUrl: string | null = null;
  private elected = false;
  /** A rebalance is under way: the role may come back to this member id, or go. */
  private suspended = false;
  private lastContact = 0;
  private joins = 0;
  private handlers: WriterRoleHandlers = { onElected: () => undefined, onDeposed: () => undefined };

  constructor(
    private readonly kafka: Kafka,
    private readonly opts: WriterElectionOptions,
  ) {}

  get view(): WriterView {
    return { self: this.elected, url: this.elected ? this.opts.advertisedUrl : this.writerUrl };
  }

  /** The role is held, no rebalance is under way, and the group was heard from within the lease. */
  get leaseValid(): boolean {
    return this.elected && !this.suspended && performance.now() - this.lastContact < LEASE_MS;
  }

  async start(handlers: WriterRoleHandlers): Promise<void> {
    this.handlers = handlers;
    const topic = writersTopicOf(this.opts.topic);
    await ensureEventsTopic(this.kafka, {
      topic,
      partitions: 1,
      replicationFactor: this.opts.replicationFactor,
    });
    this.member = new CrashRejoin({
      create: (isCurrent) => this.createConsumer(topic, isCurrent),
      run: async (consumer) => {
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
      },
      onCrash: (crash) => {
        this.depose('the group member crashed');
        handlers.onMemberCrashed?.(crash);
      },
      onRejoinFailed: (err) => handlers.onRejoinFailed?.(err),
    });
    await this.member.start();
  }

  /** Leaves the group at once, so the role moves without waiting for the session to expire. */
  async stop(): Promise<void> {
    const member = this.member;
    this.member = null;
    this.depose('leaving the group');
    await member?.stop();
  }

  /**
   * A consumer of the control topic. Only the current one speaks for this member: the events of a
   * consumer that crashed for good (or was stopped) are ignored, so its teardown cannot depose a
   * later join, nor its last heartbeats extend the lease.
   */
  private createConsumer(topic: string, isCurrent: () => boolean): Consumer {
    const consumer = this.kafka.consumer({
      groupId: writersGroupOf(this.opts.topic),
      sessionTimeout: WRITER_SESSION_TIMEOUT_MS,
      rebalanceTimeout: REBALANCE_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      maxWaitTimeInMs: FETCH_WAIT_MS,
      partitionAssigners: [this.assigner(topic)],
    });
    const ifCurrent =
      <E>(listener: (e: E) => void) =>
      (e: E) => {
        if (isCurrent()) listener(e);
      };
    const { GROUP_JOIN, HEARTBEAT, REBALANCING, STOP, DISCONNECT } = consumer.events;
    consumer.on(
      GROUP_JOIN,
      ifCurrent(
        (e: ConsumerGroupJoinEvent) =>
          void this.joined(e.payload.memberId, e.payload.memberAssignment[topic]),
      ),
    );
    consumer.on(
      HEARTBEAT,
      ifCurrent(() => (this.lastContact = performance.now())),
    );
    consumer.on(
      REBALANCING,
      ifCurrent(() => (this.suspended = true)),
    );
    consumer.on(
      STOP,
      ifCurrent(() => this.depose('the group member stopped')),
    );
    consumer.on(
      DISCONNECT,
      ifCurrent(() => this.depose('the group member disconnected')),
    );
    return consumer;
  }

  private depose(reason: string): void {
    this.writerUrl = null;
    if (!this.elected) return;
    this.elected = false;
    this.handlers.onDeposed(reason);
  }

  private async joined(memberId: string, partitions: number[] | undefined): Promise<void> {
    const join = ++this.joins;
    this.lastContact = performance.now();
    this.suspended = false;
    const wasElected = this.elected && this.memberId === memberId;
    if (this.elected && !wasElected) this.depose('rejoined the group under a new member id');
    this.memberId = memberId;
    if (partitions?.includes(0)) {
      this.seenWriter = memberId;
      this.writerUrl = this.opts.advertisedUrl;
      if (!wasElected) {
        this.elected = true;
        this.handlers.onElected();
      }
      return;
    }
    this.depose('another member holds the role');
    await this.learnWriter(join);
  }

  /** Reads the group back until it names a writer or a later join takes over. */
  private async learnWriter(join: number): Promise<void> {
    for (let attempt = 1; join === this.joins && this.member?.consumer; attempt++) {
      try {
        const writer = await this.describeWriter(this.member.consumer);
        if (join !== this.joins) return;
        if (writer) {
          this.seenWriter = writer.memberId;
          this.writerUrl = writer.url || null;
          return;
        }
      } catch {
        // The group may be rebalancing again; the next join or attempt answers.
      }
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * attempt)));
    }
  }

  private async describeWriter(consumer: Consumer): Promise<WriterCandidate | null> {
    const group = await consumer.describeGroup();
    if (group.state !== 'Stable') return null;
    const topic = writersTopicOf(this.opts.topic);
    for (const m of group.members) {
      if (m.memberAssignment.length === 0) continue;
      const assignment = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      if (!assignment?.assignment[topic]?.includes(0)) continue;
      const metadata = AssignerProtocol.MemberMetadata.decode(m.memberMetadata);
      return decodeCandidate(m.memberId, metadata?.userData);
    }
    return null;
  }

  /** Gives the control topic's one partition to `chooseWriter`'s pick; everyone else gets nothing. */
  private assigner(topic: string): PartitionAssigner {
    return () => ({
      name: ASSIGNER,
      version: 0,
      assign: async ({ members }) => {
        const candidates = members.map((m) =>
          decodeCandidate(m.memberId, AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.userData),
        );
        const writer = chooseWriter(candidates);
        return members.map((m) => ({
          memberId: m.memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version: 0,
            assignment: m.memberId === writer ? { [topic]: [0] } : {},
            userData: Buffer.alloc(0),
          }),
        }));
      },
      protocol: ({ topics }) => ({
        name: ASSIGNER,
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: 0,
          topics,
          userData: encodeCandidate(this.opts.advertisedUrl, this.seenWriter),
        }),
      }),
    });
  }
}
