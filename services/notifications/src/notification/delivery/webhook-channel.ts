import type { Clock } from '@pmt/kernel';
import type { Notification } from '../index';
import type { DeliveryChannel, DeliveryReceipt } from './channel';
import { webhookSignature } from './webhook-signature';
import type { WebhookConfig } from './webhooks-config';

/** The JSON body a receiver gets: the same bytes on every attempt. */
export function webhookPayload(n: Notification): string {
  return JSON.stringify({ id: n.id, topic: n.topic, subject: n.subject, body: n.body, link: n.link, requestedAt: n.createdAt });
}

/**
 * POSTs the notification as JSON to the webhook its recipient names (by name or by url), signed with that webhook's
 * secret. Only a 2xx answer is a delivery; a redirect is not followed (the signature is for the configured url).
 */
export class WebhookChannel implements DeliveryChannel {
  constructor(
    private readonly webhooks: WebhookConfig[],
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  async deliver(n: Notification, attempt: number): Promise<DeliveryReceipt> {
    const hook = this.webhooks.find((h) => h.name === n.recipient) ?? this.webhooks.find((h) => h.url === n.recipient);
    if (!hook) throw new Error(`no webhook named "${n.recipient}" is configured (WEBHOOKS or the webhooks of the workflows config)`);
    const body = webhookPayload(n);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    let res: Response;
    try {
      res = await fetch(hook.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'partnership-tracker-notifications',
          'x-signature': webhookSignature(hook.secret, timestamp, body),
          'x-signature-timestamp': String(timestamp),
          'x-notification-id': n.id,
          'idempotency-key': n.id,
          'x-notification-topic': n.topic,
          'x-notification-attempt': String(attempt),
        },
        body,
      });
    } catch (e) {
      throw new Error(`POST to webhook ${hook.name} failed: ${networkError(e)}`);
    }
    const text = await res.text().catch(() => '');
    if (res.status < 200 || res.status > 299) {
      throw new Error(`webhook ${hook.name} answered HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
    }
    return { httpStatus: res.status };
  }
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout) is in its cause. Duck-typed: errors may come from another realm. */
function networkError(e: unknown): string {
  const err = (e ?? {}) as { name?: string; message?: string; cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'no answer in time';
  const cause = err.cause;
  if (!cause) return err.message ?? String(e);
  const code = cause.code ?? cause.errors?.find((x) => x?.code)?.code;
  return [code, cause.message].filter(Boolean).join(' ') || (err.message ?? String(e));
}
