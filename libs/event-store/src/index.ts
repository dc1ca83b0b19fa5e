export * from './event-store.port';
export * from './polling-subscription';
export * from './append-checks';
export * from './seal-store.port';
