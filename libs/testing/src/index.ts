export * from './nats-server';
export * from './temp-dir';
export * from './decider-spec';
export * from './containers';
export * from './ts-child';
export * from './polling';
export * from './resource-spec';
