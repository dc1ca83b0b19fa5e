export * from './kurrentdb-event-store';
export { InMemoryKurrentDb } from './in-memory-kurrentdb';
