import type { Response } from 'express';

/**
 * Writes to a streamed response and, when the socket's buffer is full, waits for it to drain, so that a long
 * export never piles up in memory while the client is slower than the services; rejects once the client has gone.
 */
export function writeStreamed(res: Response, text: string | Uint8Array): Promise<void> {
  if (res.destroyed) return Promise.reject(new Error('the client closed the connection'));
  if (res.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('the client closed the connection'));
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
