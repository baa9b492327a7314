import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { channelLimits, type TChannelLimits } from '../channel-limits';
import type { TChannelDeps } from '../index';
import { parseBody, validateSubmission } from './open311-input';
import { FORMATS, Open311Error, send, sendError, type TFormat } from './open311-format';
import { getServiceRequest, listServiceRequests, parseFilters } from './open311-requests';
import { findService, loadServices, serviceDefinition, serviceListEntry } from './open311-services';
import { acceptRequest, lookupToken, SERVICE_NOTICE, verifyApiKey } from './open311.service';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under /open311/v2. Every answer,
 * errors included, is in the format the path asks for (`.json` / `.xml`), errors as the spec's
 * `[{ code, description }]` with 400 / 403 / 404. Extension: `coord_system=gcj02` on POST marks
 * lat/long as GCJ-02 (what Chinese map SDKs return); they are converted and kept as WGS84.
 */

const SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';
const CHANGESET = '2024-06-01T00:00:00+08:00';
const MAX_BODY = '64kb';

function formatOf(req: Request): TFormat {
  const f = req.params.format;
  if (typeof f === 'string' && (FORMATS as readonly string[]).includes(f)) return f as TFormat;
  return req.path.endsWith('.xml') ? 'xml' : 'json';
}

type THandler = (req: Request, res: Response, format: TFormat) => Promise<void>;

/** Resolves the format, answers an unknown one with 404, and turns errors into the spec's document. */
function handle(deps: TChannelDeps, fn: THandler) {
  return async (req: Request, res: Response) => {
    const format = formatOf(req);
    try {
      if (req.params.format !== format) throw new Open311Error(404, 'Unknown format: use .json or .xml');
      await fn(req, res, format);
    } catch (err) {
      if (err instanceof Open311Error) return sendError(res, format, err.status, err.message);
      deps.ctx.logger.error({ err, path: req.path }, 'open311 request failed');
      sendError(res, format, 500, 'Internal error');
    }
  };
}

/** A 429 in the spec's error format, with Retry-After. */
function tooMany(req: Request, res: Response, wait: number): void {
  res.set('Retry-After', String(wait));
  sendError(res, formatOf(req), 429, `Too many requests; retry in ${wait} s`);
}

/** Public reads: per address. Writes: the address's failed keys first, then per API key (in the route). */
function readLimit(limits: TChannelLimits) {
  return async (req: Request, res: Response, next: () => void) => {
    const wait =
      req.method === 'POST' ? await limits.badAuthWait('open311', req) : await limits.open311ReadWait(req);
    if (wait === null) return next();
    tooMany(req, res, wait);
  };
}

function header(req: Request, name: string): string | undefined {
  const v = req.get(name);
  return v && v.length <= 200 ? v : undefined;
}

export function open311Routes(deps: TChannelDeps): Router {
  const { ctx } = deps;
  const router = Router();
  const limits = channelLimits(ctx);
  router.use(readLimit(limits));

  router.get(
    '/discovery.:format',
    handle(deps, async (req, res, format) => {
      send(res, format, {
        root: 'discovery',
        item: 'discovery',
        data: {
          changeset: CHANGESET,
          contact: '常州市12345政府公共服务热线中心 Changzhou 12345 government service hotline',
          key_service: 'API keys are issued by the hotline administrators (系统管理员).',
          endpoints: [
            {
              specification: SPEC_URL,
              url: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`,
              changeset: CHANGESET,
              type: 'production',
              formats: ['application/json', 'text/xml'],
            },
          ],
        },
      });
    }),
  );

  router.get(
    '/services.:format',
    handle(deps, async (_req, res, format) => {
      const services = await loadServices(ctx.db);
      send(res, format, { root: 'services', item: 'service', data: services.map(serviceListEntry) });
    }),
  );

  router.get(
    '/services/:code.:format',
    handle(deps, async (req, res, format) => {
      const service = await findService(ctx.db, String(req.params.code));
      if (!service) throw new Open311Error(404, `service_code ${String(req.params.code)} was not found`);
      send(res, format, {
        root: 'service_definition',
        item: 'service_definition',
        data: serviceDefinition(service),
      });
    }),
  );

  router.post(
    '/requests.:format',
    express.raw({ type: () => true, limit: MAX_BODY }),
    handle(deps, async (req, res, format) => {
      const params = parseBody(
        req.get('content-type'),
        Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      );
      // Some clients put api_key in the query string; the body wins when both are there.
      const queryKey = typeof req.query.api_key === 'string' ? req.query.api_key : undefined;
      const apiKeyLabel = await verifyApiKey(ctx, params.fields.api_key ?? queryKey);
      if (!apiKeyLabel) {
        await limits.countBadAuth('open311', req);
        throw new Open311Error(403, 'api_key was not provided or is not valid');
      }
      const wait = await limits.open311KeyWait(apiKeyLabel);
      if (wait !== null) return tooMany(req, res, wait);
      const code = params.fields.service_code?.trim();
      const service = code ? await findService(ctx.db, code) : null;
      const submission = validateSubmission(params, service);
      const idempotencyKey = header(req, 'idempotency-key');
      const accepted = await acceptRequest(ctx, {
        submission,
        apiKeyLabel,
        idempotencyKey,
        headers: {
          'content-type': header(req, 'content-type') ?? null,
          'user-agent': header(req, 'user-agent') ?? null,
          'idempotency-key': idempotencyKey ?? null,
          format,
        },
      }).catch((err: unknown) => {
        // Not even stored: say so clearly, the client retries.
        ctx.logger.error({ err }, 'open311 request could not be stored');
        throw new Open311Error(503, 'The request could not be stored now; please retry');
      });
      const entry = accepted.serviceRequestId
        ? {
            service_request_id: accepted.serviceRequestId,
            service_notice: SERVICE_NOTICE,
            account_id: submission.accountId,
          }
        : { token: accepted.token, service_notice: SERVICE_NOTICE, account_id: submission.accountId };
      send(res, format, { root: 'service_requests', item: 'request', data: [entry] });
    }),
  );

  router.get(
    '/requests.:format',
    handle(deps, async (req, res, format) => {
      const filters = parseFilters(req.query as Record<string, unknown>, ctx.clock());
      const data = await listServiceRequests(ctx.db, filters);
      send(res, format, { root: 'service_requests', item: 'request', data });
    }),
  );

  router.get(
    '/requests/:id.:format',
    handle(deps, async (req, res, format) => {
      const found = await getServiceRequest(ctx.db, String(req.params.id));
      if (!found) throw new Open311Error(404, `service_request_id ${String(req.params.id)} was not found`);
      send(res, format, { root: 'service_requests', item: 'request', data: [found] });
    }),
  );

  router.get(
    '/tokens/:token.:format',
    handle(deps, async (req, res, format) => {
      const token = String(req.params.token);
      const found = await lookupToken(ctx, token);
      if (!found) throw new Open311Error(404, `token ${token} was not found`);
      send(res, format, {
        root: 'service_requests',
        item: 'request',
        data: [{ service_request_id: found.serviceRequestId, token }],
      });
    }),
  );

  router.use((req, res) =>
    sendError(res, formatOf(req), 404, `No such Open311 resource: ${req.method} ${req.path}`),
  );
  // Body-reading errors (too large, bad encoding) in the spec's format too.
  const onError: ErrorRequestHandler = (err: { type?: string; status?: number }, req, res, _next) => {
    const format = formatOf(req);
    if (err?.type === 'entity.too.large')
      return sendError(res, format, 413, `The request body exceeds ${MAX_BODY}`);
    if (err?.status && err.status >= 400 && err.status < 500)
      return sendError(res, format, 400, 'The request body could not be read');
    ctx.logger.error({ err, path: req.path }, 'open311 request failed');
    sendError(res, format, 500, 'Internal error');
  };
  router.use(onError);
  return router;
}
