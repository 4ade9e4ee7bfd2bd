/**
 * The baseline the relay is measured against: express 5 that parses the JSON
 * body (same 256 KiB limit) and answers 202 — no signature, no validation, no storage.
 * Prints `{"url": ...}` on stdout once listening.
 */
import express from 'express';

const app = express();
app.post('/v1/card-exchanges', express.json({ limit: '256kb' }), (req, res) => {
  res.status(202).json({ id: req.header('webhook-id') ?? null, status: 'queued' });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(JSON.stringify({ url: `http://127.0.0.1:${address.port}` }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
