export * from './grant';
export * from './grant.decide';
export * from './grant.approval';
export { formatMoney } from './grant.money';
export { grantTermRuleErrors, isCalendarDate } from './grant.rules';
export * from './grant.resource';
