/**
 * A reference point beside the baseline: node:http with the same body reader the
 * relay uses (body-parser, 256 KiB limit) that parses the JSON and answers 202 —
 * what HTTP and JSON cost without express. Prints `{"url": ...}` once listening.
 */
import { createServer } from 'node:http';
import express from 'express';

const readBody = express.raw({ type: () => true, limit: '256kb' });

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/v1/card-exchanges') {
    res.writeHead(404).end();
    return;
  }
  readBody(req as express.Request, res as express.Response, (error?: unknown) => {
    if (error) {
      res.writeHead(400).end();
      return;
    }
    const parsed = JSON.parse(((req as { body?: Buffer }).body ?? Buffer.alloc(0)).toString('utf8')) as unknown;
    const body = JSON.stringify({ id: req.headers['webhook-id'] ?? null, status: 'queued', ok: parsed !== undefined });
    res.writeHead(202, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body)
    });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(JSON.stringify({ url: `http://127.0.0.1:${address.port}` }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
