export * from './envelope';
export * from './hash';
export * from './errors';
export * from './money';
export * from './clock';
export * from './ids';
export * from './decider';
export * from './values';
