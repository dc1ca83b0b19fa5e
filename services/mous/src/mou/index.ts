export * from './mou';
export * from './mou.resource';
export * from './mou.decide';
export * from './mou.schedule';
export { isCalendarDate, isInstant } from './mou.rules';
