export * from './organisation';
export * from './organisation.decide';
export * from './organisation.resource';
