export * from './config';
export * from './logger';
export * from './shutdown';
export * from './timeout';
