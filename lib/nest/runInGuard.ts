import type { ExecutionContext } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Middleware } from '../http/types';

/**
 * Runs an Express-style middleware on the HTTP request of a NestJS guard's context: the guard lets the request on
 * to the handler (`true`) only when the middleware calls `next()`; when the middleware answers
 * itself (a page, a redirect), the guard settles with `false` once that answer is sent, and Nest's
 * exception layer, finding the response sent, only ends it. `next(err)` rejects with `err`, so
 * Nest's exception filters see it.
 */
export function runInGuard(middleware: Middleware, context: ExecutionContext): Promise<boolean> {
  const http = context.switchToHttp();
  const req = http.getRequest<IncomingMessage>();
  const res = http.getResponse<ServerResponse>();
  return new Promise<boolean>((resolve, reject) => {
    const answered = (): void => resolve(false);
    res.once('finish', answered);
    res.once('close', answered);
    const settle = (outcome: () => void): void => {
      res.off('finish', answered);
      res.off('close', answered);
      outcome();
    };
    try {
      middleware(req, res, (err?: unknown) => settle(() => (err ? reject(err) : resolve(true))));
    } catch (err) {
      settle(() => reject(err));
    }
  });
}
