import { Emitter } from '@socket.io/redis-emitter';
import type { TTicketRealtimeMessage } from '@hotline/shared';
import type { Redis } from 'ioredis';

/**
 * Emits to socket.io rooms through Redis (the servers' redis-adapter relays to their sockets)
 * and resolves only when Redis has accepted the PUBLISH. The stock emitter fires and forgets;
 * the relay must know, or it would mark an outbox row sent that never left the process.
 */
export function createTicketEmitter(redis: Redis, key: string) {
  const emit = createRoomEmitter(redis, key);
  return (roomNames: string[], msg: TTicketRealtimeMessage) => emit(roomNames, 'ticket.event', msg);
}

/** Any named event to rooms, confirmed by Redis (see createTicketEmitter). */
export function createRoomEmitter(redis: Redis, key: string) {
  return async function emitToRooms(roomNames: string[], event: string, data: unknown): Promise<void> {
    const sent: Promise<number>[] = [];
    const publisher = {
      publish(channel: string, message: Buffer | string) {
        const p = redis.publish(channel, message);
        sent.push(p);
        return p;
      },
    };
    new Emitter(publisher, { key }).to(roomNames).emit(event, data);
    await Promise.all(sent);
  };
}
