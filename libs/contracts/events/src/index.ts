export * from './schemas';
export * from './subjects';
