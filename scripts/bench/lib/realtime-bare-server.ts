/**
 * The raw limit of bench:fanout: a bare socket.io server (node:http, websocket, the same Redis
 * adapter as the app, no authentication, no application) in which every connection joins the
 * `hotline` room. Broadcasts reach it the way they reach the app: the redis-emitter.
 *   PORT, REDIS_URL, SOCKET_IO_KEY
 */
import { createAdapter } from '@socket.io/redis-adapter';
import http from 'node:http';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

const port = Number(process.env.PORT);
const pub = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const sub = pub.duplicate();
const httpServer = http.createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404).end();
});
const io = new Server(httpServer, { serveClient: false, transports: ['websocket', 'polling'] });
io.adapter(createAdapter(pub, sub, { key: process.env.SOCKET_IO_KEY! }));
io.on('connection', (socket) => void socket.join('hotline'));
httpServer.listen(port, '127.0.0.1');

process.once('SIGTERM', () => {
  void io.close().then(() => {
    pub.disconnect();
    sub.disconnect();
    process.exit(0);
  });
});
