export * from './read-model.contract';
export * from './reference-semantics';
