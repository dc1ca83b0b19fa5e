export * from './proposal';
export * from './proposal.decide';
export { isCalendarDate } from './proposal.rules';
export * from './proposal.resource';
