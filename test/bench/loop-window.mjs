// One window of an event loop's life, for the bench (loop-window.ts, loop-probe.mjs): delay
// percentiles at 1 ms resolution (a timer's lateness, the resolution taken off) and the share
// of the window the loop was busy (event-loop utilisation).
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const RESOLUTION_MS = 1;
const lateness = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);

/** Starts measuring this thread's loop; `close()` answers the window and stops. */
export function openLoopWindow() {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const since = performance.eventLoopUtilization();
  histogram.enable();
  return {
    close() {
      histogram.disable();
      return {
        p50Ms: lateness(histogram.percentile(50)),
        p99Ms: lateness(histogram.percentile(99)),
        maxMs: lateness(histogram.max),
        utilization: performance.eventLoopUtilization(since).utilization
      };
    }
  };
}
