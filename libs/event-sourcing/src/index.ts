export * from './aggregate';
export * from './command-handler';
export * from './projection';
export * from './aggregate-projection';
export * from './projection-runner';
export * from './history';
export * from './seal';
