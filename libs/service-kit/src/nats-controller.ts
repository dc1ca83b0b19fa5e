import { Controller, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { replyOf, type Reply } from '@pmt/messaging';
import { canonicalIds } from './canonical-ids';

export interface Route {
  subject: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handle(payload: any): unknown;
}

/**
 * A Nest controller with one @MessagePattern per route, built from a table: every subject of an
 * aggregate is wired the same way (parse → platform → Reply), so the table is the only thing that varies.
 * Ids in the message are lower-cased before any route sees them (see canonicalIds).
 */
export function natsController(name: string, routes: Route[]): Type<unknown> {
  const controller = class {};
  Object.defineProperty(controller, 'name', { value: name });
  routes.forEach((route, i) => {
    const key = `handle${i}`;
    const handler = (payload: { correlationId?: string } | undefined): Promise<Reply> =>
      replyOf(() => route.handle(canonicalIds(payload ?? {})), { correlationId: payload?.correlationId, subject: route.subject });
    Object.defineProperty(controller.prototype, key, { value: handler, writable: true, configurable: true });
    const descriptor = Object.getOwnPropertyDescriptor(controller.prototype, key) as PropertyDescriptor;
    Payload()(controller.prototype, key, 0);
    MessagePattern(route.subject)(controller.prototype, key, descriptor);
  });
  Controller()(controller);
  return controller;
}
