export * from './events';
export * from './schemas';
export * from './subjects';
export * from './facts';
