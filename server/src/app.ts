import express, { Router } from 'express';
import path from 'node:path';
import fs from 'node:fs';
import type { TAppContext } from './app-context';
import { errorHandler, notFoundHandler } from './infra/http/error-handler';
import { loadSession, requireCsrfHeader, requireSignedIn } from './modules/auth/auth.middleware';
import { authRoutes } from './modules/auth/auth.routes';
import { sessionRoutes } from './modules/auth/sessions.routes';
import { referenceRoutes } from './modules/reference/reference.routes';
import { dispatchRoutes } from './modules/dispatch/dispatch.routes';
import { duplicateRoutes } from './modules/tickets/duplicates/duplicates.routes';
import { ticketRoutes } from './modules/tickets/ticket.routes';
import { ticketContactRoutes } from './modules/tickets/ticket-contact.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { ticketLinkRoutes } from './modules/tickets/links/ticket-links.routes';
import {
  ATTACHMENT_UPLOAD_PATH,
  attachmentUploadParser,
  ticketAttachmentRoutes,
} from './modules/tickets/links/ticket-attachments.routes';
import { triageRoutes } from './modules/triage/triage.routes';
import { pollRoutes } from './modules/polls/polls.routes';
import { callRoutes } from './channels/cti/calls.routes';
import { alertRoutes } from './modules/alerts/alerts.routes';
import { kbRoutes } from './modules/kb/kb.routes';
import { statsRoutes } from './modules/stats/stats.routes';
import { reportRoutes } from './modules/reports/reports.routes';
import { hotTopicRoutes } from './modules/hot-topics/hot-topics.routes';
import { assessmentRoutes } from './modules/assessment/assessment.routes';
import { kpiRoutes } from './modules/kpi/kpi.routes';
import { buildOpenApiDocument } from './openapi';
import { sql } from 'drizzle-orm';
import helmet from 'helmet';
import { mountChannels, type TChannelDeps } from './channels';

/**
 * The console's Content-Security-Policy: its own scripts only (no inline script, no eval), its
 * own API and socket.io, no framing. Ant Design writes its CSS-in-JS into <style> elements, so
 * inline styles are allowed; images may be data: / blob: URLs (previews of uploads).
 */
export const CONSOLE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  mediaSrc: ["'self'", 'https:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The Express app: health, the versioned API, and the built console. No listening here. */
export function createApp(ctx: TAppContext, live: TChannelDeps['live'] = { io: null }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP } }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const [database, redis] = await Promise.all([
      ctx.db.execute(sql`select 1`).then(
        () => 'ok',
        () => 'down',
      ),
      ctx.redis.ping().then(
        () => 'ok',
        () => 'down',
      ),
    ]);
    const ok = database === 'ok' && redis === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database, redis });
  });

  mountChannels(app, { ctx, live });

  const api = Router();
  // The session (a cookie lookup) comes before any body is read: only a signed-in user with the
  // CSRF header gets the upload route's larger body limit.
  api.use(loadSession(ctx));
  api.post(ATTACHMENT_UPLOAD_PATH, requireSignedIn, requireCsrfHeader, attachmentUploadParser);
  api.use(express.json({ limit: '1mb' }));
  api.use(requireCsrfHeader);
  api.use(authRoutes(ctx));
  api.use(sessionRoutes(ctx));
  api.use(duplicateRoutes(ctx));
  api.use(ticketContactRoutes(ctx));
  api.use(ticketRoutes(ctx));
  api.use(ticketLinkRoutes(ctx));
  api.use(ticketAttachmentRoutes(ctx));
  api.use(referenceRoutes(ctx));
  api.use(dispatchRoutes(ctx));
  api.use(triageRoutes(ctx));
  api.use(callRoutes(ctx));
  api.use(pollRoutes(ctx));
  api.use(alertRoutes(ctx));
  api.use(kbRoutes(ctx));
  api.use(statsRoutes(ctx));
  api.use(reportRoutes(ctx));
  api.use(assessmentRoutes(ctx));
  api.use(kpiRoutes(ctx));
  api.use(hotTopicRoutes(ctx));
  api.use(auditRoutes(ctx));
  let openapi: unknown = null;
  api.get('/openapi.json', (_req, res) => {
    openapi ??= buildOpenApiDocument();
    res.json(openapi);
  });
  api.use(notFoundHandler);
  app.use('/api/v1', api);

  const clientDir = path.resolve(ctx.config.SERVE_CLIENT_DIR);
  if (fs.existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // The console routes on the client: every other GET gets index.html.
    app.get('/{*rest}', (_req, res) => res.sendFile(path.join(clientDir, 'index.html')));
  }
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
