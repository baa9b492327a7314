import { AppError } from '@hotline/shared';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { storeInbound } from '../inbound';
import { channelLimits, rateLimited } from '../channel-limits';
import type { TChannelDeps } from '../index';
import { verifyCtiSignature } from './cti-signature';
import { ZCtiEvent } from './cti.schema';
import { popRingingCall } from './screen-pop';

/** CTI events are small JSON objects; anything bigger is not one of them. */
export const CTI_BODY_LIMIT = '64kb';

export const CTI_TIMESTAMP_HEADER = 'x-hotline-timestamp';
export const CTI_SIGNATURE_HEADER = 'x-hotline-signature';

/**
 * `POST /channels/cti/events` from the telephony middleware. Order of checks: the channel is
 * configured (503), the body fits (413), the signature and timestamp are right (401), the JSON
 * is a known event (400); then the raw body is stored (keyed by `event_id`, so retries answer
 * `duplicate: true`) and the rest is left to the intake worker. Only the screen pop of a
 * ringing call happens here, after the answer, because it must reach the agent at once.
 */
export function ctiRoutes(deps: TChannelDeps): Router {
  const { ctx } = deps;
  const r = Router();
  const rawBody = express.raw({ type: () => true, limit: CTI_BODY_LIMIT });
  const limits = channelLimits(ctx);

  r.post('/events', limits.refuseFailingAddress('cti'), rawBody, async (req: Request, res: Response) => {
    const secret = ctx.config.CTI_SHARED_SECRET;
    if (!secret) {
      res.status(503).json({
        error: { code: 'CHANNEL_DISABLED', message: 'The CTI channel is not configured', details: null },
      });
      return;
    }
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const timestamp = req.get(CTI_TIMESTAMP_HEADER);
    const verdict = verifyCtiSignature({
      secret,
      timestamp,
      signature: req.get(CTI_SIGNATURE_HEADER),
      rawBody: body,
      now: ctx.clock(),
    });
    if (!verdict.ok) {
      ctx.logger.warn({ channel: 'cti', reason: verdict.reason }, 'cti event refused');
      throw new AppError('UNAUTHENTICATED', `CTI signature refused: ${verdict.reason}`);
    }
    // Our own middleware: a 429 with Retry-After is what it backs off on (events are idempotent).
    const wait = await limits.channelWait('cti');
    if (wait !== null) throw rateLimited(res, wait, 'cti:signed');

    const text = body.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('VALIDATION_FAILED', 'The body is not valid JSON');
    }
    const parsed = ZCtiEvent.safeParse(json);
    if (!parsed.success) {
      const flat = z.flattenError(parsed.error);
      throw new AppError('VALIDATION_FAILED', 'Not a valid CTI event', {
        fields: flat.fieldErrors,
        form: flat.formErrors,
      });
    }
    const ev = parsed.data;

    const { row, duplicate } = await storeInbound(ctx.db, {
      channel: 'cti',
      externalId: ev.event_id,
      headers: { [CTI_TIMESTAMP_HEADER]: timestamp, type: ev.type, callId: ev.call_id },
      body: text,
      now: ctx.clock(),
    });
    res.json({ ok: true, duplicate, id: row.id });

    if (ev.type === 'call.ringing' && !duplicate) {
      // After the answer: the middleware is never held up by the pop, and the pop never by it.
      popRingingCall(deps, ev).then(
        (outcome) => ctx.logger.debug({ channel: 'cti', callId: ev.call_id, outcome }, 'screen pop'),
        (err: unknown) =>
          ctx.logger.warn(
            { channel: 'cti', callId: ev.call_id, err: (err as Error).message },
            'screen pop failed',
          ),
      );
    }
  });
  r.use(limits.countFailures('cti'));

  return r;
}
