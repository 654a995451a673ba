import { Router } from 'express';
import type { Registry } from 'prom-client';
import { isFromThisMachine } from './localOnly';

/**
 * `GET /metrics`: the registry in Prometheus's text format. Only for this machine unless `public`:
 * the counts say how many people sign in and fail, which is nobody else's business.
 */
export function metricsRouter(registry: Registry, options: { readonly public: boolean }): Router {
  const router = Router();
  router.get('/metrics', (req, res, next) => {
    if (!options.public && !isFromThisMachine(req)) return next();
    registry.metrics().then((text) => {
      res.set('Content-Type', registry.contentType);
      res.set('Cache-Control', 'no-store');
      res.send(text);
    }, next);
  });
  return router;
}
