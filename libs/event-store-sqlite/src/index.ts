export * from './database';
export * from './sqlite-event-store';
