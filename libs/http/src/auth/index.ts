export * from './roles';
export * from './principal';
export * from './jwt-auth.guard';
export * from './cookie-authenticator';
export * from './token-rules';
