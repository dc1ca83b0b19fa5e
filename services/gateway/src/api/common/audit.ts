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
  /** The file's text: UTF-8 bytes (sent after the reply's JSON), or a string from a service that sends it inside. */
  chunk: string | Uint8Array;
  nextCursor: string | null;
  /** On the last piece of a JSON export: the trailer, checked by the service while it read the pieces. */
  trailer?: Record<string, unknown>;
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
    const toVersion = piece.toVersion;
    const exportedAt = piece.exportedAt;
    try {
      for (;;) {
        // ask for the next piece while this one is written
        const next = piece.nextCursor ? ask(piece.nextCursor) : null;
        next?.catch(() => undefined);
        await writeStreamed(res, piece.chunk);
        if (!next) break;
        piece = await next;
      }
      if (query.format === 'json') {
        // the service checks the chain while it reads the pieces and hands the trailer over with the last one;
        // a service that does not is asked on its own subject
        const trailer =
          piece.trailer && typeof piece.trailer === 'object'
            ? piece.trailer
            : await this.forward.query<Record<string, unknown>>(
                querySubject(aggregate, 'export-trailer'),
                ctx,
                { id, toVersion, exportedAt },
                TRAILER_TIMEOUT_MS,
              );
        await writeStreamed(res, exportClosing(trailer));
      }
      res.end();
    } catch (e) {
      this.log.error(`export of ${aggregate} ${id} stopped after the headers were sent (correlation ${ctx.correlationId}): ${(e as Error).message}`);
      res.destroy();
    }
  }

  private async piece(subject: string, ctx: RequestContext, params: Record<string, unknown>): Promise<ExportPiece> {
    const p = await this.forward.query<ExportPiece>(subject, ctx, params);
    if (
      !p ||
      typeof p.filename !== 'string' ||
      typeof p.contentType !== 'string' ||
      (typeof p.chunk !== 'string' && !(p.chunk instanceof Uint8Array)) ||
      !Number.isSafeInteger(p.toVersion)
    ) {
      throw new CodedError('GATEWAY.BAD_REPLY', 'internal', `export reply on ${subject} is not a piece of a file`);
    }
    return p;
  }
}
