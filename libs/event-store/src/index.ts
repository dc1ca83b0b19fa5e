export * from './event-store.port';
export * from './polling-subscription';
