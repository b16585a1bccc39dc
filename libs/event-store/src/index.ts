export * from './log-record';
export * from './kafka-client';
export * from './topic';
export * from './event-appender';
export * from './log-reader';
export * from './stream-id';
export * from './logged-event';
