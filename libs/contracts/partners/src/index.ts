export * from './organisation';
export * from './partnership';
export * from './schemas';
export * from './subjects';
export * from './personal-data';
