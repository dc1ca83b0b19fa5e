import { createHmac } from 'node:crypto';

/**
 * `sha256=<hex>` of HMAC-SHA256 over `${timestamp}.${body}` with the webhook's secret. The timestamp (unix seconds,
 * sent as X-Signature-Timestamp) is inside the signed text, so a receiver that refuses old timestamps also refuses
 * a captured request replayed later.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}
