import { Logger } from '@nestjs/common';
import type { Clock } from '@pmt/kernel';
import { connectNats, NatsRequester } from '@pmt/messaging';
import type { ServiceRuntime } from '@pmt/service-kit';
import type { NotificationCommand, NotificationEvent, NotificationState, NotificationView } from '../index';
import { PartnersContactAddresses, type ContactAddresses } from '../delivery/contact-addresses';
import { EmailChannel } from '../delivery/email-channel';
import { WebhookChannel } from '../delivery/webhook-channel';
import { loadWebhooks, type WebhookConfig } from '../delivery/webhooks-config';
import { dispatcherConfigFromEnv, type DispatcherConfig } from './dispatcher-config';
import { DISPATCHER_ACTOR, NotificationDispatcher } from './notification-dispatcher';

export interface Dispatching {
  dispatcher: NotificationDispatcher;
  stop(): Promise<void>;
}

/**
 * The dispatcher with its real channels: email through SMTP_URL (a partner contact's address looked up in
 * `contacts` when it is sent), webhooks from the configuration.
 */
export function createDispatcher(
  runtime: { endpoint: ServiceRuntime['endpoint']; clock: Clock },
  config: DispatcherConfig,
  webhooks: WebhookConfig[],
  contacts?: ContactAddresses,
): Dispatching {
  const email = new EmailChannel({ smtpUrl: config.smtpUrl, from: config.smtpFrom, timeoutMs: config.deliveryTimeoutMs, contacts });
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

/**
 * Background work of the notifications service: the delivery loop. Returns its stop function. It asks partners for
 * contacts' addresses over its own NATS connection, as the service's NATS user (SERVICE_NEEDS: partners.organisation.get).
 */
export async function startDispatcher(runtime: ServiceRuntime, env: Record<string, string | undefined> = process.env): Promise<() => Promise<void>> {
  const config = dispatcherConfigFromEnv(env);
  const webhooks = loadWebhooks(env);
  const log = new Logger('NotificationDispatcher');
  if (!config.smtpUrl) log.warn('SMTP_URL is not set: email notifications will fail (and be retried) until it is');
  log.log(
    `delivering every ${config.intervalMs} ms; ${webhooks.length} webhook(s) configured${webhooks.length ? `: ${webhooks.map((h) => h.name).join(', ')}` : ''}`,
  );
  const nc = await connectNats(runtime.config.natsUrl, 'notifications-dispatcher');
  const running = createDispatcher(runtime, config, webhooks, new PartnersContactAddresses(new NatsRequester(nc), DISPATCHER_ACTOR));
  running.dispatcher.start();
  return async () => {
    await running.stop();
    await nc.drain().catch(() => undefined);
  };
}
