export * from './service-config';
export * from './stores';
export * from './endpoint';
export * from './runtime';
export * from './checkpoints';
export * from './rebuild';
