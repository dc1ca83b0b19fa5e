export * from './event-store.port';
export * from './polling-subscription';
export * from './append-checks';
export * from './event-query';
export * from './seal-store.port';
