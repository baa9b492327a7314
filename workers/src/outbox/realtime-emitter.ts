import { Emitter } from '@socket.io/redis-emitter';
import type { ServerToClientEvents, TTicketRealtimeMessage } from '@hotline/shared';
import type { Redis } from 'ioredis';

/**
 * Emits to socket.io rooms through Redis (the servers' redis-adapter relays to their sockets)
 * and resolves only when Redis has accepted the PUBLISH. The stock emitter fires and forgets;
 * the relay must know, or it would mark an outbox row sent that never left the process.
 */
export function createTicketEmitter(redis: Redis, key: string) {
  return async function emitTicketEvent(roomNames: string[], msg: TTicketRealtimeMessage): Promise<void> {
    const sent: Promise<number>[] = [];
    const publisher = {
      publish(channel: string, message: Buffer | string) {
        const p = redis.publish(channel, message);
        sent.push(p);
        return p;
      },
    };
    new Emitter<ServerToClientEvents>(publisher, { key }).to(roomNames).emit('ticket.event', msg);
    await Promise.all(sent);
  };
}
