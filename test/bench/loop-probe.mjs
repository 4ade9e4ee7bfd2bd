// Preloaded into a bench service (`--import`, see loop-window.ts): each SIGUSR2 prints the
// service's event loop over the window since the previous one as one JSON line on stderr, and
// starts the next window.
import { openLoopWindow } from './loop-window.mjs';

let current = openLoopWindow();
let window = 0;

process.on('SIGUSR2', () => {
  const loop = current.close();
  current = openLoopWindow();
  window += 1;
  process.stderr.write(`${JSON.stringify({ loopProbe: { window, ...loop } })}\n`);
});
