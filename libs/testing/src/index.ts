export * from './nats-server';
export * from './temp-dir';
export * from './decider-spec';
