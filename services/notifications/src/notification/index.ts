export * from './notification';
export * from './notification.decide';
export { recipientErrors, retryDelayMs, utcInstant, type RetryPolicy } from './notification.rules';
export * from './notification.resource';
export * from './contact-recipient';
