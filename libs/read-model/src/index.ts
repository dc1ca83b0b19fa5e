export * from './read-model.port';
export * from './rules';
export * from './keyset';
