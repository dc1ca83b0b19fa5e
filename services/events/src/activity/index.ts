export * from './activity';
export * from './activity.decide';
export { canonicalInstant, isInstantWithOffset } from './activity.rules';
export * from './activity.resource';
