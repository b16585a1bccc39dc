export * from './schema';
export * from './migrate';
export * from './batch-fold';
export * from './batch-store';
export * from './projector';
export * from './rebuilds';
export * from './rebuild-match';
export * from './parked-streams';
