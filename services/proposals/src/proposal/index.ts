export * from './proposal';
export * from './proposal.decide';
export { isCalendarDate, outcomeErrors, partnerRuleErrors } from './proposal.rules';
export * from './proposal.resource';
