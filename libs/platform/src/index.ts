export * from './cli-config';
export * from './config';
export * from './logger';
export * from './postgres';
export * from './shutdown';
export * from './timeout';
export * from './tokens';
