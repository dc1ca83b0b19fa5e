export * from './parse';
export * from './schemas';
export * from './subjects';
export * from './confidentiality';
