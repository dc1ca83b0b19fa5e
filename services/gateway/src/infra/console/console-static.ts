// Serves the built web console at `/`: its files as they are, and index.html for any other page address, so that a
// shared link such as /mous/<id> opens in the console. /api and /health stay the API's, whatever the console holds.
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';

const NOT_CONSOLE = /^\/(api|health)(\/|$)/;

/** Returns false (and serves nothing) when the console has not been built into `dir`. */
export function mountConsole(app: NestExpressApplication, dir: string): boolean {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return false;
  // Vite names files in assets/ by their content hash, so they can be cached for good; index.html must be
  // revalidated so that a new build is picked up.
  const files = express.static(dir, {
    index: false,
    setHeaders: (res, file) =>
      res.setHeader('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  // An API request never looks for a file: a file the build put under api/ cannot shadow the API, and no request
  // pays a stat of a file that is not there (it was one thread-pool round trip per API call).
  app.use((req: Request, res: Response, next: NextFunction) => (NOT_CONSOLE.test(req.path) ? next() : files(req, res, next)));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_CONSOLE.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
