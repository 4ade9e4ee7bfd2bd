/**
 * How a service's event loop fared during one bench step, read from loop-probe.mjs preloaded into
 * it (both measure with loop-window.mjs). A latency figure alone cannot tell a server that held its loop (a long synchronous batch)
 * from a machine that held the server or the load generator (scheduling, other tenants); the
 * loop's own delay and utilisation next to it can.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChildService } from '../support/child-service';

export interface LoopWindow {
  /** Lateness of a 1 ms timer: how long the loop was held, as percentiles over the window. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Share of the window the loop was busy, 0-1. */
  utilization: number;
}

const PROBE = pathToFileURL(path.join(__dirname, 'loop-probe.mjs')).href;
const WINDOW = pathToFileURL(path.join(__dirname, 'loop-window.mjs')).href;

/** The environment that preloads the probe into a service started with it. */
export function loopProbeEnv(): NodeJS.ProcessEnv {
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import "${PROBE}"`.trim() };
}

function probeLines(service: ChildService): { window: number; line: LoopWindow }[] {
  return service.lines.flatMap((text) => {
    if (!text.startsWith('{"loopProbe"')) return [];
    const { loopProbe } = JSON.parse(text) as { loopProbe: LoopWindow & { window: number } };
    const { window, ...line } = loopProbe;
    return [{ window, line }];
  });
}

/** Ends the service's current window and answers it (the next one starts at once). */
async function endWindow(service: ChildService, timeoutMs = 5_000): Promise<LoopWindow> {
  const last = probeLines(service).at(-1)?.window ?? 0;
  process.kill(service.process.pid as number, 'SIGUSR2');
  const started = Date.now();
  for (;;) {
    const found = probeLines(service).find((entry) => entry.window > last);
    if (found) return found.line;
    if (Date.now() - started > timeoutMs)
      throw new Error('the service did not answer the loop probe (was it started with loopProbeEnv?)');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `step` and answers its result with the service's loop over exactly that step. */
export async function withServiceLoop<T>(
  service: ChildService,
  step: () => Promise<T>
): Promise<{ result: T; loop: LoopWindow }> {
  await endWindow(service);
  const result = await step();
  return { result, loop: await endWindow(service) };
}

/** The same, for this process's own loop (the load generator's). */
export async function withOwnLoop<T>(step: () => Promise<T>): Promise<{ result: T; loop: LoopWindow }> {
  const { openLoopWindow } = (await import(WINDOW)) as { openLoopWindow: () => { close(): LoopWindow } };
  const window = openLoopWindow();
  const result = await step();
  return { result, loop: window.close() };
}
