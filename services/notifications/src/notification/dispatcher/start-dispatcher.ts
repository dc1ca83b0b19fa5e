import { Logger } from '@nestjs/common';
import type { Clock } from '@pmt/kernel';
import type { ServiceRuntime } from '@pmt/service-kit';
import type { NotificationCommand, NotificationEvent, NotificationState, NotificationView } from '../index';
import { EmailChannel } from '../delivery/email-channel';
import { WebhookChannel } from '../delivery/webhook-channel';
import { loadWebhooks, type WebhookConfig } from '../delivery/webhooks-config';
import { dispatcherConfigFromEnv, type DispatcherConfig } from './dispatcher-config';
import { NotificationDispatcher } from './notification-dispatcher';

export interface Dispatching {
  dispatcher: NotificationDispatcher;
  stop(): Promise<void>;
}

/** The dispatcher with its real channels: email through SMTP_URL, webhooks from the configuration. */
export function createDispatcher(
  runtime: { endpoint: ServiceRuntime['endpoint']; clock: Clock },
  config: DispatcherConfig,
  webhooks: WebhookConfig[],
): Dispatching {
  const email = new EmailChannel({ smtpUrl: config.smtpUrl, from: config.smtpFrom, timeoutMs: config.deliveryTimeoutMs });
  const webhook = new WebhookChannel(webhooks, runtime.clock, config.deliveryTimeoutMs);
  const dispatcher = new NotificationDispatcher(
    runtime.endpoint<NotificationCommand, NotificationEvent, NotificationState, NotificationView>('notification'),
    { email, webhook },
    runtime.clock,
    config,
  );
  return {
    dispatcher,
    async stop() {
      await dispatcher.stop();
      email.close();
    },
  };
}

/** Background work of the notifications service: the delivery loop. Returns its stop function. */
export function startDispatcher(runtime: ServiceRuntime, env: Record<string, string | undefined> = process.env): () => Promise<void> {
  const config = dispatcherConfigFromEnv(env);
  const webhooks = loadWebhooks(env);
  const log = new Logger('NotificationDispatcher');
  if (!config.smtpUrl) log.warn('SMTP_URL is not set: email notifications will fail (and be retried) until it is');
  log.log(
    `delivering every ${config.intervalMs} ms; ${webhooks.length} webhook(s) configured${webhooks.length ? `: ${webhooks.map((h) => h.name).join(', ')}` : ''}`,
  );
  const running = createDispatcher(runtime, config, webhooks);
  running.dispatcher.start();
  return () => running.stop();
}
