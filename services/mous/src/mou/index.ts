export * from './mou';
export * from './mou.decide';
export * from './mou.schedule';
export { isCalendarDate, isInstant } from './mou.rules';
