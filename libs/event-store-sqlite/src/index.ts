export * from './database';
export * from './sqlite-event-store';
export * from './sqlite-seal-store';
