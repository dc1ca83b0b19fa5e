import { createTransport } from 'nodemailer';
import type { Notification } from '../index';
import { messageIdOf, type DeliveryChannel, type DeliveryReceipt } from './channel';

export const DEFAULT_FROM = 'Partnership Office <partnerships@localhost>';

export interface EmailOptions {
  /** `smtp://host:port` or `smtps://user:pass@host:465`; nodemailer reads further options from its query. Unset: email cannot be sent. */
  smtpUrl?: string;
  from?: string;
  /** Connection, greeting and idle limits, and the limit of the whole send. */
  timeoutMs: number;
}

/**
 * Email over SMTP with nodemailer, which encodes Thai (any UTF-8) subjects as RFC 2047 words and bodies as
 * UTF-8 quoted-printable or base64. The Message-ID is the notification's, on every attempt.
 */
export class EmailChannel implements DeliveryChannel {
  private readonly transport;

  constructor(private readonly options: EmailOptions) {
    const t = options.timeoutMs;
    this.transport = options.smtpUrl ? createTransport({ url: options.smtpUrl, connectionTimeout: t, greetingTimeout: t, socketTimeout: t }) : undefined;
  }

  async deliver(n: Notification): Promise<DeliveryReceipt> {
    if (!this.transport) throw new Error('SMTP_URL is not set: this service has no mail server to send email through');
    const info = await this.transport.sendMail({
      from: this.options.from ?? DEFAULT_FROM,
      to: n.recipient,
      subject: n.subject,
      text: n.body,
      messageId: messageIdOf(n.id),
      headers: { 'X-Notification-Id': n.id, 'X-Notification-Topic': n.topic },
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    return { messageId: info.messageId, response: info.response };
  }

  close(): void {
    this.transport?.close();
  }
}
