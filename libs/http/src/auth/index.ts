export * from './roles';
export * from './principal';
export * from './jwt-auth.guard';
export * from './cookie-authenticator';
export * from './token-rules';
export * from './external-token-verifier';
export * from './claims';
