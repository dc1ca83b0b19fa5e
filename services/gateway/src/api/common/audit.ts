import { Inject, Injectable, Logger } from '@nestjs/common';
import { exportClosing } from '@pmt/event-sourcing';
import { writeStreamed, type RequestContext } from '@pmt/http';
import { CodedError } from '@pmt/kernel';
import type { Response } from 'express';
import type { z } from 'zod';
import { querySubject } from '../../infra/nats/subjects';
import { Forwarder } from './forwarder';
import type { diffQuery, exportQuery, historyQuery } from './schemas';

/** The chain check of a whole history takes ~15 µs an event; a million-event stream still fits in this. */
const TRAILER_TIMEOUT_MS = 60_000;

/** One piece of an export file, as the service answers on `<aggregate>.export`. */
interface ExportPiece {
  filename: string;
  contentType: string;
  toVersion: number;
  /** On the first piece: the file's exportedAt, passed to the trailer for the service to sign. */
  exportedAt?: string;
  chunk: string;
  nextCursor: string | null;
}

/** History, state-at, verification, export and diff: the same reads for every aggregate, answered from its event store. */
@Injectable()
export class AuditReads {
  private readonly log = new Logger('History');

  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  /** With `asOf` or `version` the caller wants the state as it stood then; otherwise a page of events. */
  history(aggregate: string, id: string, query: z.output<typeof historyQuery>, ctx: RequestContext): Promise<unknown> {
    if (query.asOf !== undefined || query.version !== undefined) {
      return this.forward.query(querySubject(aggregate, 'state-at'), ctx, { id, asOf: query.asOf, version: query.version });
    }
    return this.forward.query(querySubject(aggregate, 'history'), ctx, { id, limit: query.limit, cursor: query.cursor });
  }

  verify(aggregate: string, id: string, ctx: RequestContext): Promise<unknown> {
    return this.forward.query(querySubject(aggregate, 'verify'), ctx, { id });
  }

  diff(aggregate: string, id: string, query: z.output<typeof diffQuery>, ctx: RequestContext): Promise<unknown> {
    return this.forward.query(querySubject(aggregate, 'diff'), ctx, { id, from: query.from, to: query.to });
  }

  /**
   * Streams the file: the service answers it a piece at a time (each reply well under NATS's message limit), and
   * each piece is written as it comes, waiting for the client to drain. A failure before the first piece is an
   * ordinary problem+json answer; after the headers went out it can no longer be, so the connection is cut and
   * the client sees a truncated download (a JSON file that does not parse), never a complete-looking file.
   */
  async export(aggregate: string, id: string, query: z.output<typeof exportQuery>, ctx: RequestContext, res: Response): Promise<void> {
    const subject = querySubject(aggregate, 'export');
    const ask = (cursor?: string) => this.piece(subject, ctx, { id, format: query.format, cursor });
    let piece = await ask();
    res.attachment(piece.filename);
    res.type(piece.contentType);
    res.status(200);
    // The trailer's chain check reads every event the file holds: asked for now, it runs while the pieces are written.
    const trailer =
      query.format === 'json'
        ? this.forward.query<Record<string, unknown>>(querySubject(aggregate, 'export-trailer'), ctx, { id, toVersion: piece.toVersion, exportedAt: piece.exportedAt }, TRAILER_TIMEOUT_MS)
        : null;
    trailer?.catch(() => undefined);
    try {
      for (;;) {
        // ask for the next piece while this one is written
        const next = piece.nextCursor ? ask(piece.nextCursor) : null;
        next?.catch(() => undefined);
        await writeStreamed(res, piece.chunk);
        if (!next) break;
        piece = await next;
      }
      if (trailer) await writeStreamed(res, exportClosing(await trailer));
      res.end();
    } catch (e) {
      this.log.error(`export of ${aggregate} ${id} stopped after the headers were sent (correlation ${ctx.correlationId}): ${(e as Error).message}`);
      res.destroy();
    }
  }

  private async piece(subject: string, ctx: RequestContext, params: Record<string, unknown>): Promise<ExportPiece> {
    const p = await this.forward.query<ExportPiece>(subject, ctx, params);
    if (!p || typeof p.filename !== 'string' || typeof p.contentType !== 'string' || typeof p.chunk !== 'string' || !Number.isSafeInteger(p.toVersion)) {
      throw new CodedError('GATEWAY.BAD_REPLY', 'internal', `export reply on ${subject} is not a piece of a file`);
    }
    return p;
  }
}

