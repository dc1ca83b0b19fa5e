export * from './activity';
export * from './activity.decide';
export { activityRuleErrors, canonicalInstant, isInstantWithOffset } from './activity.rules';
export * from './activity.resource';
