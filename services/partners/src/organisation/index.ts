export * from './organisation';
export * from './organisation.decide';
