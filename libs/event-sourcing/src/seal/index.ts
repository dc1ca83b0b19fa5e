export * from './merkle';
export * from './seal-signing';
export * from './seal-keys';
export * from './sealer';
export * from './stream-seals';
export * from './mirror-check';
export * from './event-store-seal-store';
export * from './history-seals';
