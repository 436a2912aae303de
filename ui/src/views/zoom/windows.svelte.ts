// A long list that Rust sorts, filters and hands out in windows, shared by the connection's
// meetings and the event's schedule. Every row has the same height (ROW_HEIGHT), so the scroll
// position alone says which rows are in sight; only their windows are asked for, and only the
// newest query's answers count. How long rows take to reach the screen is timed for the benchmark.
import { ApiError } from '../../lib/api';
import { afterLayout, afterPaint, mark, measureFromMark, measureSince } from '../../lib/perf';
import { PREFETCH, ROW_HEIGHT, WINDOW_SIZE, rowRange, windowOf } from './meetings';

/** What a window's answer must say: how long the whole list is, and the window's rows. */
export type Answer<T> = { matching: number; items: T[] };

/** Rows `offset..offset + limit` of the list `query` keeps. */
export type Fetch<T, Q, A extends Answer<T>> = (query: Q, offset: number, limit: number) => Promise<A>;

/** A row in (or near) sight: its item, or null while its window is on its way. */
export type ShownRow<T> = { index: number; item: T | null };

/** What the scrolling view (VirtualRows) needs of a list, whatever its rows and query. */
export interface Windowed<T> {
  readonly rows: ShownRow<T>[];
  readonly total: number;
  readonly loading: boolean;
  /** Goes up when the view must put its scroll position back to `scrollTop`. */
  readonly jumps: number;
  readonly scrollTop: number;
  scrolled(top: number, height: number): void;
  measure(height: number): void;
}

type Page<T> = { generation: number; items: T[] };

/**
 * How a list's rows are timed, as User Timing measures the benchmark reads: `<name>-first-rows`
 * from the first data to its rows painted; for each keystroke, `<name>-filter` to its rows in the
 * DOM and laid out (the keystroke's own work, which one frame must hold), and
 * `<name>-filter-frame` to the start of the frame that paints them (that work plus the wait for
 * the display's next frame), and `<name>-filter-answer` to Rust's answer (the part before the DOM). `onfirstrows`: the first rows have been painted.
 */
export type Timing = { name: 'meetings' | 'schedule'; onfirstrows?: () => void };

/** How many rows one answer brings (WINDOW_SIZE unless given), and how far ahead of the view. */
export type Sizes = { windowSize: number; prefetch: number };

export class RowWindows<T, Q, A extends Answer<T> = Answer<T>> implements Windowed<T> {
  /** Rows the shown query keeps; null until Rust first answers. */
  matching = $state<number | null>(null);
  /** The newest answer taken: what else Rust said of the whole list (counts, zone). */
  latest = $state.raw<A | null>(null);
  /** The query of the rows shown: the one asked for last may still be on its way. */
  shown = $state.raw<Q>() as Q;
  failure = $state<ApiError | null>(null);
  scrollTop = $state(0);
  jumps = $state(0);
  /** The scroll box's height; 0 while unknown. */
  boxHeight = $state(0);

  /** Windows by offset. A new generation's answer drops the old ones. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- never changed in place: a new map replaces the $state.raw whole
  #pages = $state.raw(new Map<number, Page<T>>());
  #inFlightCount = $state(0);

  total = $derived(this.matching ?? 0);
  // jsdom, and a box not laid out yet, have no height: the window's is an upper bound.
  range = $derived(rowRange(this.scrollTop, this.boxHeight > 0 ? this.boxHeight : window.innerHeight, this.total));
  rows = $derived.by(() => {
    const shown: ShownRow<T>[] = [];
    for (let index = this.range.first; index < this.range.last; index++) {
      const offset = windowOf(index, this.#sizes.windowSize);
      shown.push({ index, item: this.#pages.get(offset)?.items[index - offset] ?? null });
    }
    return shown;
  });
  loading = $derived(this.matching === null || this.#inFlightCount > 0);

  // Each query or data change starts a generation; answers to older ones are ignored.
  #generation = 0;
  #shownGeneration = -1;
  /** Window offset → the generation that asked for it, while the answer is on its way. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping only; #inFlightCount is the reactive part
  #inFlight = new Map<number, number>();
  #query: Q;
  #fetch: Fetch<T, Q, A>;
  #timing: Timing;
  #sizes: Sizes;
  #dataMarked = false;
  /** The keystroke whose rows are awaited: when it happened, and the generation it started. */
  #typed: { generation: number; at: number } | null = null;

  constructor(fetch: Fetch<T, Q, A>, query: Q, timing: Timing, sizes: Sizes = { windowSize: WINDOW_SIZE, prefetch: PREFETCH }) {
    this.#fetch = fetch;
    this.#sizes = sizes;
    this.#query = query;
    this.shown = query;
    this.#timing = timing;
  }

  /**
   * Asks for the rows `query` keeps; the rows shown stay until their windows' new answers.
   * `typedAt`: the keystroke that made the query (its `performance.now()` time), to be timed.
   */
  restart(query: Q, typedAt?: number) {
    this.#begin(query);
    if (typedAt !== undefined) this.#typed = { generation: this.#generation, at: typedAt };
    this.#requestMissing();
  }

  /** Nothing is stored: the list is empty at once, and nothing is asked of Rust. */
  clear(query: Q) {
    this.#begin(query);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaces the $state.raw pages whole
    this.#pages = new Map();
    this.matching = 0;
    this.#shownGeneration = this.#generation;
    this.shown = query;
  }

  retry() {
    this.restart(this.#query);
  }

  /** A new query shows its rows from the top. */
  toTop() {
    this.scrollTop = 0;
    this.jumps += 1;
  }

  scrolled(top: number, height: number) {
    this.scrollTop = top;
    if (height > 0) this.boxHeight = height;
    this.#requestMissing();
  }

  measure(height: number) {
    this.boxHeight = height;
    this.#requestMissing();
  }

  #begin(query: Q) {
    this.#query = query;
    this.#generation += 1;
    this.#inFlight.clear();
    this.#inFlightCount = 0;
    this.#typed = null;
    this.failure = null;
  }

  /** Asks Rust for the windows the rows in (or near) sight need and nobody asked for yet. */
  #requestMissing() {
    if (this.failure) return;
    const current = this.#generation;
    let from: number;
    let to: number;
    if (this.#shownGeneration === current && this.matching !== null) {
      from = Math.max(0, this.range.first - this.#sizes.prefetch);
      to = Math.min(this.matching, this.range.last + this.#sizes.prefetch);
    } else {
      // How long the list is now is not known yet: the windows of the rows shown so far (their
      // old rows stay until the new ones arrive), or at least the one at the top of the view.
      from = Math.min(this.range.first, Math.floor(Math.max(0, this.scrollTop) / ROW_HEIGHT));
      to = Math.max(this.range.last, from + 1);
    }
    const size = this.#sizes.windowSize;
    for (let offset = windowOf(from, size); offset < to; offset += size) {
      if (this.#pages.get(offset)?.generation === current || this.#inFlight.get(offset) === current) continue;
      this.#fetchWindow(offset, current);
    }
  }

  async #fetchWindow(offset: number, asked: number) {
    this.#inFlight.set(offset, asked);
    this.#inFlightCount = this.#inFlight.size;
    try {
      const answer = await this.#fetch(this.#query, offset, this.#sizes.windowSize);
      if (asked !== this.#generation) return;
      this.#landed(offset);
      this.#show(offset, answer, asked);
    } catch (error) {
      if (asked !== this.#generation) return;
      this.#landed(offset);
      this.failure = error instanceof ApiError ? error : new ApiError({ code: 'ipc', message: String(error) });
    }
  }

  #landed(offset: number) {
    this.#inFlight.delete(offset);
    this.#inFlightCount = this.#inFlight.size;
  }

  #show(offset: number, answer: A, asked: number) {
    const first = this.#shownGeneration !== asked;
    if (first && this.#typed?.generation === asked) measureSince(`${this.#timing.name}-filter-answer`, this.#typed.at);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- built here, then replaces the $state.raw pages whole
    const next = new Map<number, Page<T>>();
    // Rows of an older generation stay only until their own window's answer replaces them.
    for (const [at, page] of this.#pages) {
      if (page.generation === asked || this.#inFlight.get(at) === asked) next.set(at, page);
    }
    next.set(offset, { generation: asked, items: answer.items });
    this.#pages = next;
    this.matching = answer.matching;
    this.latest = answer;
    if (first) {
      this.#shownGeneration = asked;
      this.shown = this.#query;
      this.#timePaint(asked);
    }
    this.#requestMissing();
  }

  /** A generation's first answer has replaced the rows: timed once they are painted. */
  #timePaint(asked: number) {
    const { name, onfirstrows } = this.#timing;
    const firstData = !this.#dataMarked;
    if (firstData) {
      this.#dataMarked = true;
      mark(`${name}-data`);
    }
    const typedAt = this.#typed?.generation === asked ? this.#typed.at : null;
    if (typedAt !== null) {
      this.#typed = null;
      // This keystroke's rows, even if the user has typed on since.
      afterLayout().then(() => measureSince(`${name}-filter`, typedAt));
    }
    afterPaint().then(() => {
      if (firstData) {
        measureFromMark(`${name}-first-rows`, `${name}-data`);
        onfirstrows?.();
      }
      if (typedAt !== null) measureSince(`${name}-filter-frame`, typedAt);
    });
  }
}
