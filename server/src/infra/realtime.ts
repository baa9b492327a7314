import { createAdapter } from '@socket.io/redis-adapter';
import {
  AppError,
  rooms,
  ticketScopeOf,
  userScopeOf,
  type TPermission,
  type TScope,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TPresenceMessage,
} from '@hotline/shared';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { z } from 'zod';
import type { TAppContext } from '../app-context';
import type { TUserActor } from '../modules/auth/actor';
import { sessionIdFrom } from '../modules/auth/auth.middleware';
import { sessionHandle } from '../modules/auth/session.store';
import { getVisibleTicket } from '../modules/tickets/ticket.repository';
import { createRedis } from './redis';

export type TSocketData = { actor: TUserActor; watching: Set<string>; sessionHandle: string };
export type TIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, TSocketData>;

/** The Redis key socket.io's adapter (servers) and emitter (workers) share. */
export const socketIoKey = (prefix: string) => `${prefix}:socket.io`;
/** Every socket of one session: revoking the session disconnects them (on every server, via the adapter). */
const sessionRoom = (handle: string) => `session:${handle}`;

/**
 * socket.io on the HTTP server. Connections authenticate with the session cookie and join the
 * rooms of what they may see; ticket rooms only after the same visibility check as REST.
 */
export function createRealtime(ctx: TAppContext, http: HttpServer): { io: TIo; close(): Promise<void> } {
  const pub = createRedis(ctx.config.REDIS_URL);
  const sub = pub.duplicate();
  const io: TIo = new Server(http, { serveClient: false, transports: ['websocket', 'polling'] });
  io.adapter(createAdapter(pub, sub, { key: socketIoKey(ctx.config.REDIS_PREFIX) }));

  io.use(async (socket, next) => {
    const sid = sessionIdFrom(socket.request.headers.cookie);
    const actor = sid ? await ctx.sessions.get(sid).catch(() => null) : null;
    if (!actor) return next(new Error('UNAUTHENTICATED'));
    socket.data = { actor, watching: new Set(), sessionHandle: sessionHandle(sid!) };
    next();
  });

  let closing = false;
  ctx.sessions.onRevoke((handles) => {
    if (closing) return;
    io.in(handles.map(sessionRoom)).disconnectSockets(true);
  });

  const publishPresence = async (ticketId: string) => {
    const sockets = await io.in(rooms.ticket(ticketId)).fetchSockets();
    const viewers = new Map<string, string>();
    for (const s of sockets) viewers.set(s.data.actor.id, s.data.actor.displayName);
    const msg: TPresenceMessage = {
      ticketId,
      viewers: [...viewers].map(([userId, name]) => ({ userId, name })),
    };
    io.to(rooms.ticket(ticketId)).emit('presence', msg);
  };

  /**
   * Presence is a courtesy: when Redis is down or the server is closing, the adapter's
   * fetchSockets rejects; that must not become an unhandled rejection in a socket handler.
   */
  const announcePresence = async (ticketId: string) => {
    // Closing disconnects every socket; asking the other servers who is watching now would send
    // requests through an adapter whose Redis connections are about to go (rejections the
    // adapter does not handle itself).
    if (closing) return;
    await publishPresence(ticketId).catch((err: Error) =>
      ctx.logger.debug({ ticketId, err: err.message }, 'presence not published'),
    );
  };

  io.on('connection', (socket) => {
    const { actor } = socket.data;
    const scope = ticketScopeOf(actor);
    /** The permission matrix, as on the REST routes: null when the role may not. */
    const scopeFor = (action: TPermission): TScope | null => userScopeOf(actor.role, scope, action);
    const joined = [rooms.user(actor.id), rooms.unit(actor.unitId), sessionRoom(socket.data.sessionHandle)];
    if (scope.kind === 'all') joined.push(rooms.hotline);
    // City-wide figures (KPI updates, hot-topic alerts) only for those the matrix lets read them all.
    if (scopeFor('socket.supervisors') === 'all') joined.push(rooms.supervisors);
    void socket.join(joined);

    socket.on('ticket.watch', async (ticketId, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      if (!scopeFor('socket.ticket.watch')) return reply({ ok: false, error: 'FORBIDDEN' });
      if (!z.uuid().safeParse(ticketId).success) return reply({ ok: false, error: 'VALIDATION_FAILED' });
      try {
        // 'unit' scope: the same visibility check as GET /tickets/:id (404 outside the subtree).
        await getVisibleTicket(ctx.db, actor, ticketId);
      } catch (err) {
        return reply({ ok: false, error: err instanceof AppError ? err.code : 'INTERNAL' });
      }
      await socket.join(rooms.ticket(ticketId));
      socket.data.watching.add(ticketId);
      reply({ ok: true });
      await announcePresence(ticketId);
    });

    socket.on('ticket.unwatch', async (ticketId) => {
      if (!socket.data.watching.delete(ticketId)) return;
      await socket.leave(rooms.ticket(ticketId));
      await announcePresence(ticketId);
    });

    socket.on('disconnect', () => {
      for (const ticketId of socket.data.watching) void announcePresence(ticketId);
    });
  });

  return {
    io,
    async close() {
      closing = true;
      await io.close();
      // quit, not disconnect: commands the adapter already sent (fire-and-forget publishes) get
      // their replies instead of rejecting with "Connection is closed" where nobody listens.
      await Promise.all([pub.quit().catch(() => pub.disconnect()), sub.quit().catch(() => sub.disconnect())]);
    },
  };
}
