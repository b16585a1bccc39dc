import { Admin, AssignerProtocol, Kafka } from 'kafkajs';

export type { Kafka as KafkaClient } from 'kafkajs';

/** The id the Kafka cluster gave itself when it was formatted: names the log with the topic. */
export async function clusterId(kafka: Kafka): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).clusterId;
  } finally {
    await admin.disconnect();
  }
}

/** Deletes a consumer group; one that is missing or still leaving is left as it is (an idle group is harmless). */
export async function deleteConsumerGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // see above
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * One admin connection to the cluster, opened on first use and kept, so that a caller that asks
 * often (readiness) does not open a socket each time; `reset` drops it after a failure.
 */
export class ClusterConnection {
  private admin: Admin | null = null;
  private connecting: Promise<Admin> | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly onConnect: () => void = () => undefined,
  ) {}

  /** Opens the connection unless it is open. */
  async connect(): Promise<void> {
    await this.connected();
  }

  /** Resolves when the cluster answers a metadata request (connecting first if needed). */
  async describe(): Promise<void> {
    await (await this.connected()).describeCluster();
  }

  async reset(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    await admin?.disconnect().catch(() => undefined);
  }

  private connected(): Promise<Admin> {
    if (this.admin) return Promise.resolve(this.admin);
    this.connecting ??= (async () => {
      const admin = this.kafka.admin();
      this.onConnect();
      try {
        await admin.connect();
        this.admin = admin;
        return admin;
      } catch (err) {
        await admin.disconnect().catch(() => undefined);
        throw err;
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }
}

/** One member of a consumer group as the coordinator reports it. */
export interface GroupMember {
  memberId: string;
  clientId: string;
  /** The partitions of the topic asked about that this member holds. */
  partitions: number[];
}

/** The group's state (`Stable`, `PreparingRebalance`, ...) and who holds which partitions of `topic`. */
export async function describeGroup(
  kafka: Kafka,
  groupId: string,
  topic: string,
): Promise<{ state: string; members: GroupMember[] }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const group = groups[0];
    return {
      state: group?.state ?? 'Dead',
      members: (group?.members ?? []).map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        partitions: m.memberAssignment.length
          ? ([
              ...(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[topic] ?? []),
            ].sort((a, b) => a - b) as number[])
          : [],
      })),
    };
  } finally {
    await admin.disconnect();
  }
}
