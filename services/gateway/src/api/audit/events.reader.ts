import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@pmt/http';
import { CodedError } from '@pmt/kernel';
import type { AuditEvent, AuditEventsPage, AuditEventsParams } from '@pmt/service-kit';
import { Forwarder } from '../common/forwarder';
import { AUDITED_RESOURCES, AUDITED_SERVICES, auditEventsSubject, type AuditEventsQuery } from './events.schemas';
import { decodeCursor, encodeCursor, finished, mergePages, pending, queryFingerprint, type Positions, type ServicePage } from './events.merge';

export interface AuditEventsResult {
  items: AuditEvent[];
  nextCursor: string | null;
}

/** Asks every service that may hold matching events (only the owner when a resource type is named) and merges the answers. */
@Injectable()
export class AuditEventsReader {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  /**
   * One page. Every service still to be asked must answer: one that is down fails the whole page (503) rather
   * than leave its events out without a word.
   */
  async page(query: AuditEventsQuery, ctx: RequestContext, limit = query.limit, cursor = query.cursor): Promise<AuditEventsResult> {
    const services = this.servicesFor(query);
    const fingerprint = queryFingerprint(query);
    const positions = decodeCursor(cursor, fingerprint, services);
    const next = await this.pageFrom(query, ctx, services, positions, limit);
    return { items: next.items, nextCursor: finished(services, next.positions) ? null : encodeCursor(fingerprint, next.positions) };
  }

  /** Every page of the query, for the CSV export; the first page is fetched before the generator is returned, so that its failure is still a proper error. */
  async pages(query: AuditEventsQuery, ctx: RequestContext, pageSize: number): Promise<AsyncGenerator<AuditEvent[]>> {
    const services = this.servicesFor(query);
    const first = await this.pageFrom(query, ctx, services, {}, pageSize);
    const next = (positions: Positions) => this.pageFrom(query, ctx, services, positions, pageSize);
    return (async function* () {
      let page = first;
      yield page.items;
      while (!finished(services, page.positions)) {
        page = await next(page.positions);
        yield page.items;
      }
    })();
  }

  private servicesFor(query: AuditEventsQuery): string[] {
    return query.resourceType ? [AUDITED_RESOURCES[query.resourceType]] : AUDITED_SERVICES;
  }

  private async pageFrom(query: AuditEventsQuery, ctx: RequestContext, services: string[], positions: Positions, limit: number) {
    const asked = pending(services, positions);
    const pages: ServicePage[] = await Promise.all(
      asked.map(async (service) => {
        const params: AuditEventsParams = {
          limit,
          ...(query.actor !== undefined && { actor: query.actor }),
          ...(query.from !== undefined && { from: query.from }),
          ...(query.to !== undefined && { to: query.to }),
          ...(query.type !== undefined && { types: query.type }),
          ...(query.resourceType !== undefined && { resourceType: query.resourceType }),
          ...(query.resourceId !== undefined && { resourceId: query.resourceId }),
          ...(typeof positions[service] === 'number' && { upTo: positions[service] as number }),
        };
        const page = await this.forward.query<AuditEventsPage>(auditEventsSubject(service), ctx, params as unknown as Record<string, unknown>);
        if (!page || !Array.isArray(page.items) || !(page.next === null || Number.isSafeInteger(page.next))) {
          throw new CodedError('GATEWAY.BAD_REPLY', 'internal', `audit events reply of ${service} is not a page`);
        }
        return { service, ...page };
      }),
    );
    return mergePages(pages, limit, positions);
  }
}
