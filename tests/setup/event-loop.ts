/**
 * How long the main thread's event loop was held while `work` ran: a timer asks to run every few
 * milliseconds and the longest gap between its runs (the end included) is the longest stall. Also
 * checked with node's own monitorEventLoopDelay, whose first sample only sets its baseline.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

export async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; elapsedMs: number; longestStallMs: number; turns: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  // Let both samplers take their baseline before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 30));
  let last = performance.now();
  let longest = 0;
  let turns = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    turns++;
  }, 5);
  const started = performance.now();
  try {
    const value = await work();
    const ended = performance.now();
    longest = Math.max(longest, ended - last);
    return { value, elapsedMs: ended - started, longestStallMs: Math.max(longest, histogram.max / 1e6), turns };
  } finally {
    clearInterval(timer);
    histogram.disable();
  }
}
