import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@pmt/http';
import { CodedError } from '@pmt/kernel';
import type { Response } from 'express';
import type { z } from 'zod';
import { querySubject } from '../../infra/nats/subjects';
import { Forwarder } from './forwarder';
import type { exportQuery, historyQuery } from './schemas';

export interface ExportFile {
  filename: string;
  contentType: string;
  body: unknown;
}

/** History, state-at, verification and export: the same four reads for every aggregate, answered from its event store. */
@Injectable()
export class AuditReads {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  /** With `asOf` or `version` the caller wants the state as it stood then, not the event list. */
  history(aggregate: string, id: string, query: z.output<typeof historyQuery>, ctx: RequestContext): Promise<unknown> {
    if (query.asOf !== undefined || query.version !== undefined) {
      return this.forward.query(querySubject(aggregate, 'state-at'), ctx, { id, asOf: query.asOf, version: query.version });
    }
    return this.forward.query(querySubject(aggregate, 'history'), ctx, { id });
  }

  verify(aggregate: string, id: string, ctx: RequestContext): Promise<unknown> {
    return this.forward.query(querySubject(aggregate, 'verify'), ctx, { id });
  }

  async export(aggregate: string, id: string, query: z.output<typeof exportQuery>, ctx: RequestContext, res: Response): Promise<void> {
    const file = await this.forward.query<ExportFile>(querySubject(aggregate, 'export'), ctx, { id, format: query.format });
    if (!file || typeof file.filename !== 'string' || typeof file.contentType !== 'string') {
      throw new CodedError('GATEWAY.BAD_REPLY', 'internal', `export reply for ${aggregate} has no filename or content type`);
    }
    const body = typeof file.body === 'string' ? file.body : JSON.stringify(file.body, null, 2);
    res.attachment(file.filename);
    res.type(file.contentType);
    res.status(200).send(body);
  }
}
