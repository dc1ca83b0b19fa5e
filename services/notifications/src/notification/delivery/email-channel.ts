import { createTransport } from 'nodemailer';
import type { Notification } from '../index';
import { contactRefOf } from '../contact-recipient';
import { messageIdOf, RecipientGoneError, type DeliveryChannel, type DeliveryReceipt } from './channel';
import type { ContactAddresses } from './contact-addresses';

export const DEFAULT_FROM = 'Partnership Office <partnerships@localhost>';

export interface EmailOptions {
  /** `smtp://host:port` or `smtps://user:pass@host:465`; nodemailer reads further options from its query. Unset: email cannot be sent. */
  smtpUrl?: string;
  from?: string;
  /** Connection, greeting and idle limits, and the limit of the whole send. */
  timeoutMs: number;
  /** Where the address of a recipient `contact:<org>/<contact>` is looked up. Unset: such emails fail (and are retried). */
  contacts?: ContactAddresses;
}

/**
 * Email over SMTP with nodemailer, which encodes Thai (any UTF-8) subjects as RFC 2047 words and bodies as
 * UTF-8 quoted-printable or base64. The Message-ID is the notification's, on every attempt.
 *
 * A partner contact's address is looked up at each attempt and used for this send only: it is not in what the
 * attempt records (the error or the server's response name the contact instead), so the service keeps no copy.
 */
export class EmailChannel implements DeliveryChannel {
  private readonly transport;

  constructor(private readonly options: EmailOptions) {
    const t = options.timeoutMs;
    this.transport = options.smtpUrl ? createTransport({ url: options.smtpUrl, connectionTimeout: t, greetingTimeout: t, socketTimeout: t }) : undefined;
  }

  async deliver(n: Notification): Promise<DeliveryReceipt> {
    if (!this.transport) throw new Error('SMTP_URL is not set: this service has no mail server to send email through');
    const to = await this.addressOf(n.recipient);
    // the address of a contact stays out of anything recorded: the server's words name the contact instead
    const hide = (s: string): string => (to === n.recipient ? s : s.split(to).join(n.recipient));
    try {
      const info = await this.transport.sendMail({
        from: this.options.from ?? DEFAULT_FROM,
        to,
        subject: n.subject,
        text: n.body,
        messageId: messageIdOf(n.id),
        headers: { 'X-Notification-Id': n.id, 'X-Notification-Topic': n.topic },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      return { messageId: info.messageId, response: typeof info.response === 'string' ? hide(info.response) : info.response };
    } catch (error) {
      if (to === n.recipient) throw error;
      const message = (error as { message?: unknown } | null)?.message;
      throw new Error(hide(typeof message === 'string' ? message : String(error)));
    }
  }

  /** A plain address as it is; a contact's from the partners service, now. */
  private async addressOf(recipient: string): Promise<string> {
    const ref = contactRefOf(recipient);
    if (ref === null) return recipient;
    if (!this.options.contacts) throw new Error(`${recipient} is a partner contact, and this dispatcher has no way to look its address up`);
    const found = await this.options.contacts.addressOf(ref);
    if ('gone' in found) throw new RecipientGoneError(`${found.gone}: ${recipient} has no address to send to`);
    return found.address;
  }

  close(): void {
    this.transport?.close();
  }
}
