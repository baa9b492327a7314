/**
 * A client process of bench:fanout (a child with an IPC channel): opens many console sockets
 * (websocket, one connection each, session cookies round-robin) and notes when each receives
 * each broadcast `ticket.event`, by the sequence number carried in its eventId (`fanout-<n>`).
 */
import type { Socket } from 'socket.io-client';
import { connectConsole, wallNow } from './realtime-support';

export type TFanoutClientCommand =
  | { kind: 'connect'; base: string; cookies: string[]; count: number; parallel: number }
  | { kind: 'report' }
  | { kind: 'close' };
export type TFanoutClientReply =
  | { kind: 'ready' }
  | { kind: 'connected'; connected: number; failed: string[] }
  | { kind: 'report'; deliveries: [number, number][]; disconnected: number }
  | { kind: 'error'; message: string };

const sockets: Socket[] = [];
/** [seq, receivedAt] of every delivery to any socket of this process. */
let deliveries: [number, number][] = [];
let disconnected = 0;
const reply = (r: TFanoutClientReply) => process.send!(r);

async function connectAll(cmd: Extract<TFanoutClientCommand, { kind: 'connect' }>): Promise<void> {
  const failed: string[] = [];
  let next = 0;
  // A few handshakes at a time: a thousand at once would measure a connection storm instead.
  const lane = async () => {
    while (next < cmd.count) {
      const i = next++;
      try {
        const s = await connectConsole(cmd.base, cmd.cookies[i % cmd.cookies.length]!);
        s.on('ticket.event', (msg: { eventId: string }) => {
          if (msg.eventId.startsWith('fanout-')) deliveries.push([Number(msg.eventId.slice(7)), wallNow()]);
        });
        s.on('disconnect', () => disconnected++);
        sockets.push(s);
      } catch (err) {
        failed.push((err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: cmd.parallel }, lane));
  reply({ kind: 'connected', connected: sockets.length, failed: failed.slice(0, 5) });
}

process.on('message', (cmd: TFanoutClientCommand) => {
  if (cmd.kind === 'connect')
    connectAll(cmd).catch((err: Error) => reply({ kind: 'error', message: err.stack ?? err.message }));
  else if (cmd.kind === 'report') {
    reply({ kind: 'report', deliveries, disconnected });
    deliveries = [];
  } else {
    for (const s of sockets) s.close();
    process.disconnect?.();
  }
});
reply({ kind: 'ready' });
