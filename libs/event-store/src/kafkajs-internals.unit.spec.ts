import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { IsolationLevel, kafkajsClusterFactory } from './kafkajs-internals';

/** What kafkajs-internals.ts was checked against: an upgrade must check it again. */
describe('the kafkajs internals the event store relies on', () => {
  const kafka = new Kafka({ clientId: 'internals', brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING });

  it('are those of the kafkajs version they were checked against', () => {
    const installed = JSON.parse(readFileSync(require.resolve('kafkajs/package.json'), 'utf8')) as {
      version: string;
    };
    expect(installed.version).toBe('2.2.4');
  });

  it('include a cluster factory whose clusters have the methods used, at the isolation level asked', () => {
    const factory = kafkajsClusterFactory(kafka);
    expect(factory).toBeInstanceOf(Function);
    const cluster = factory!({
      isolationLevel: IsolationLevel.READ_COMMITTED,
      metadataMaxAge: 1000,
      allowAutoTopicCreation: false,
    });
    const methods = [
      'connect',
      'disconnect',
      'addTargetTopic',
      'refreshMetadata',
      'fetchTopicsOffset',
      'findGroupCoordinatorMetadata',
    ];
    for (const method of methods)
      expect(typeof (cluster as unknown as Record<string, unknown>)[method]).toBe('function');
    expect(cluster).toMatchObject({ isolationLevel: 1 });
  });

  it('answer null for a client without the factory', () => {
    expect(kafkajsClusterFactory({} as Kafka)).toBeNull();
  });
});
