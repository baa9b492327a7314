/**
 * The HTTP ceiling of the intake benchmark, run as a child process:
 *   node --import tsx intake-hello.ts express <port>    Express 5, one JSON route
 *   node --import tsx intake-hello.ts node <port>       bare node:http, the same JSON
 * Both answer `POST /hello` (reading the body, as the intake route does) and `GET /healthz`.
 */
import http from 'node:http';
import express from 'express';

const [mode, portArg] = process.argv.slice(2);
const port = Number(portArg);
if (!['express', 'node'].includes(mode ?? '') || !Number.isInteger(port)) {
  console.error('usage: intake-hello.ts express|node <port>');
  process.exit(2);
}

let server: http.Server;
if (mode === 'express') {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.post('/hello', (req, res) => {
    res.status(201).json({ hello: 'world', got: Object.keys(req.body ?? {}).length });
  });
  server = http.createServer(app);
} else {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let got = 0;
      if (req.method === 'POST' && chunks.length)
        got = Object.keys(JSON.parse(Buffer.concat(chunks).toString('utf8')) as object).length;
      const body = JSON.stringify(req.url === '/healthz' ? { status: 'ok' } : { hello: 'world', got });
      res.writeHead(req.url === '/healthz' ? 200 : 201, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
}
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
