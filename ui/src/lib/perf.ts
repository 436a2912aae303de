// When data reached the screen: standard User Timing entries that the start-up benchmark reads in
// the real window, and the signal Rust logs for it. Nothing here may ever break a view.
import { tick } from 'svelte';
import { api, type RenderedView } from './api';

/** How many entries of one measure are kept: the benchmark reads the newest. */
const KEPT = 50;

/** Resolves once Svelte has updated the DOM and the browser has laid it out (forced here, now). */
export async function afterLayout(): Promise<void> {
  await tick();
  globalThis.document?.body?.getBoundingClientRect();
}

/** Resolves once Svelte has updated the DOM and the browser is about to paint it. */
export async function afterPaint(): Promise<void> {
  await tick();
  await new Promise<void>((resolve) => {
    // A hidden window may not run animation frames: never wait for one forever.
    const fallback = setTimeout(resolve, 1000);
    const frame = globalThis.requestAnimationFrame;
    if (typeof frame !== 'function') return;
    frame(() => {
      clearTimeout(fallback);
      resolve();
    });
  });
}

/** Tells Rust the view has painted its first data (after `afterPaint`). */
export function reportRendered(view: RenderedView): void {
  // Only a log line depends on it: a failure changes nothing the user sees.
  api.viewRendered(view).catch(() => undefined);
}

function timing(): Performance | null {
  const p = globalThis.performance;
  return p && typeof p.mark === 'function' && typeof p.measure === 'function' ? p : null;
}

/** Sets the mark `name`, replacing an older one of that name. */
export function mark(name: string): void {
  const p = timing();
  if (!p) return;
  try {
    p.clearMarks(name);
    p.mark(name);
  } catch {
    // User Timing is a measuring aid only.
  }
}

/** A measure from the mark `from` (then cleared) to now. */
export function measureFromMark(name: string, from: string): void {
  const p = timing();
  if (!p) return;
  try {
    if (p.getEntriesByName(from, 'mark').length === 0) return;
    p.measure(name, from);
    p.clearMarks(from);
    keepNewest(p, name);
  } catch {
    // User Timing is a measuring aid only.
  }
}

/** A measure from `start` (a `performance.now()` time) to now. */
export function measureSince(name: string, start: number): void {
  const p = timing();
  if (!p) return;
  try {
    p.measure(name, { start, end: p.now() });
    keepNewest(p, name);
  } catch {
    // User Timing is a measuring aid only.
  }
}

/** Only the newest `KEPT` measures of a name stay in the timeline. */
function keepNewest(p: Performance, name: string): void {
  const entries = p.getEntriesByName(name, 'measure');
  if (entries.length <= KEPT) return;
  p.clearMeasures(name);
  for (const entry of entries.slice(-KEPT)) {
    p.measure(name, { start: entry.startTime, end: entry.startTime + entry.duration });
  }
}

/**
 * When an input event happened, on the `performance.now()` clock: its own time stamp when the
 * browser gives one on that clock, else now.
 */
export function eventTime(event: Event): number {
  const now = globalThis.performance?.now() ?? 0;
  const stamp = event.timeStamp;
  return stamp > 0 && stamp <= now ? stamp : now;
}
