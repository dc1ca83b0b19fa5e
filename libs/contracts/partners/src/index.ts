export * from './organisation';
export * from './subjects';
