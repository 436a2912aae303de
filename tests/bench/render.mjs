// Figures 7 and 10 of docs/BENCHMARKS.md in the release app's real window, over WebDriver
// (tauri-driver + WebKitWebDriver, via tests/e2e/harness.mjs): a connection page of 5,000
// meetings (BENCH_VIEW=meetings) or the event's schedule of 20 × 1,000 (BENCH_VIEW=schedule).
// Started by `make bench` (src-tauri/benches/perf) with the app's environment already set:
// MYSCIHUB_DATA_DIR, MYSCIHUB_OPEN, MYSCIHUB_ZOOM_*, plus
//   BENCH_APP      the release binary          BENCH_SANDBOX  the Zoom sandbox's base URL
//   BENCH_ROUTE    the page's route             BENCH_WORD     the word typed into the filter
// Prints one JSON line with what it measured. The UI's own measures are read when present:
// performance.measure('<view>-first-rows') (data arrived → first rows painted) and
// performance.measure('<view>-filter') (one per keystroke: to its rows laid out) and
// '<view>-filter-frame' (to the frame that paints them). Without them it says so, and
// reports what it can see from outside: DOM rows, and the time from each keystroke's `input`
// event to the list's last DOM change.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
process.env.MYSCIHUB_APP = process.env.BENCH_APP ?? path.join(root, 'target/release/myscihub');
const { launch } = await import('../e2e/harness.mjs');

const view = process.env.BENCH_VIEW ?? 'meetings';
const ROW = view === 'schedule' ? 'li.schedule-row' : 'li.meeting';
const FIRST_ROWS = `${view}-first-rows`;
const FILTER = `${view}-filter`;
const FILTER_FRAME = `${view}-filter-frame`;
const route = process.env.BENCH_ROUTE;
const word = process.env.BENCH_WORD ?? 'plenary';
const sandbox = process.env.BENCH_SANDBOX;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const result = {};

async function sandboxQuiet(quietMs, maxMs) {
  if (!sandbox) return;
  const until = Date.now() + maxMs;
  let last = -1;
  let since = Date.now();
  while (Date.now() < until) {
    const n = (await (await fetch(`${sandbox}/_sandbox/requests`)).json()).length;
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return;
    }
    await sleep(200);
  }
}

const measures = (browser, name) =>
  browser.execute((n) => performance.getEntriesByName(n, 'measure').map((e) => e.duration), name);
const rows = (browser) => browser.execute((row) => document.querySelectorAll(row).length, ROW);
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const { browser, close } = await launch({ MYSCIHUB_LANG: process.env.MYSCIHUB_LANG ?? 'en' });
try {
  // MYSCIHUB_OPEN opens the page; should the build not honour it, go there by hand.
  const first = await browser.$(ROW);
  const shown = await first.waitForExist({ timeout: 15_000 }).then(() => true, () => false);
  if (!shown) {
    result.route_note = 'MYSCIHUB_OPEN did not open the page; opened by setting location.hash';
    await browser.execute((r) => (window.location.hash = r), route);
    await first.waitForExist({ timeout: 30_000, timeoutMsg: `no ${ROW} appeared` });
  }
  // Opening the page asks Zoom again (the cache is an hour old): let that finish first.
  await sandboxQuiet(1500, 30_000);
  await sleep(500);

  const firstRows = await measures(browser, FIRST_ROWS);
  result.first_rows_entries = firstRows;
  if (firstRows.length > 0) result.first_rows_ms = firstRows[0];
  else result.first_rows_note = `the UI records no performance.measure('${FIRST_ROWS}')`;
  result.dom_rows = await rows(browser);
  // Where the page's time went, from the start of its navigation (the window's page load).
  result.timeline = await browser.execute((name) => {
    const nav = performance.getEntriesByType('navigation')[0];
    const old = performance.timing;
    const first = performance.getEntriesByName(name, 'measure')[0];
    const since = (t) => (t ? t - old.navigationStart : null);
    return {
      dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : since(old.domContentLoadedEventEnd),
      load_ms: nav ? nav.loadEventEnd : since(old.loadEventEnd),
      data_ms: first ? first.startTime : null,
      first_rows_ms: first ? first.startTime + first.duration : null,
    };
  }, FIRST_ROWS);

  // What one IPC call costs in this window, answer included: the calls the page makes to show
  // its first rows (the Rust side of zoom_meetings loads and sorts the whole list).
  if (view === 'meetings') result.ipc_ms = await browser.execute(async (r) => {
    const [, eventId, connectionId] = /#\/events\/(\d+)\/integrations\/zoom\/(\d+)/.exec(r).map(Number);
    const invoke = window.__TAURI_INTERNALS__.invoke;
    const calls = {
      app_info: () => invoke('app_info'),
      zoom_connection_details: () => invoke('zoom_connection_details', { eventId, connectionId }),
      zoom_meetings: () => invoke('zoom_meetings', { eventId, connectionId, filter: '', offset: 0, limit: 200 }),
    };
    const out = {};
    for (const [name, call] of Object.entries(calls)) {
      const times = [];
      for (let i = 0; i < 15; i++) {
        const t = performance.now();
        await call();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      out[name] = times[7];
    }
    return out;
  }, route);

  const input = await (async () => {
    for (const selector of ['[data-testid="meeting-filter"]', 'input[type="search"]', 'input[name="filter"]', 'section input[type="text"]', 'section input']) {
      const el = await browser.$(selector);
      if ((await el.isExisting()) && (await el.isDisplayed())) return el;
    }
    return null;
  })();
  if (!input) {
    result.filter_note = 'no filter field on the page';
  } else {
    await browser.execute(() => {
      const probe = { t0: null, last: null };
      window.__bench = probe;
      document.addEventListener('input', () => ((probe.t0 = performance.now()), (probe.last = null)), true);
      new MutationObserver(() => (probe.last = performance.now())).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    await input.click();
    const before = (await measures(browser, FILTER)).length;
    const framesBefore = (await measures(browser, FILTER_FRAME)).length;
    const domTimes = [];
    for (const ch of word) {
      const count = (await measures(browser, FILTER)).length;
      await input.addValue(ch);
      // Wait for the UI's measure of this keystroke (if it makes one) and for the list to settle.
      const until = Date.now() + 3000;
      let settledSince = null;
      let lastSeen = null;
      while (Date.now() < until) {
        const [n, probe] = await Promise.all([measures(browser, FILTER).then((m) => m.length), browser.execute(() => window.__bench)]);
        if (probe.last !== lastSeen) {
          lastSeen = probe.last;
          settledSince = Date.now();
        }
        const marked = n > count;
        if (lastSeen !== null && Date.now() - settledSince >= 400 && (marked || Date.now() - settledSince >= 800)) break;
        await sleep(50);
      }
      const probe = await browser.execute(() => window.__bench);
      if (probe.t0 !== null && probe.last !== null) domTimes.push(probe.last - probe.t0);
    }
    const filter = (await measures(browser, FILTER)).slice(before);
    result.filter_entries = filter;
    result.filter_keystrokes = word.length;
    if (filter.length > 0) {
      result.filter_median_ms = median(filter);
      result.filter_max_ms = Math.max(...filter);
    } else {
      result.filter_note = `the UI records no performance.measure('${FILTER}')`;
    }
    const frames = (await measures(browser, FILTER_FRAME)).slice(framesBefore);
    result.filter_frame_entries = frames;
    result.filter_frame_max_ms = frames.length ? Math.max(...frames) : null;
    result.filter_answer_entries = (await measures(browser, `${view}-filter-answer`)).slice(0, word.length);
    result.filter_dom_ms = domTimes;
    result.filter_dom_max_ms = domTimes.length ? Math.max(...domTimes) : null;
    result.dom_rows_filtered = await rows(browser);
    // The same word again, from an empty filter: every keystroke after the page's first ones.
    await input.clearValue();
    await sleep(800);
    const again = (await measures(browser, FILTER)).length;
    for (const ch of word) {
      const count = (await measures(browser, FILTER)).length;
      await input.addValue(ch);
      const until = Date.now() + 3000;
      while (Date.now() < until && (await measures(browser, FILTER)).length <= count) await sleep(20);
      await sleep(150);
    }
    const second = (await measures(browser, FILTER)).slice(again);
    // The clearing keystrokes' measures come first; the word's are the last ones.
    result.filter_again_entries = second.slice(-word.length);
    result.filter_again_answer_entries = (await measures(browser, `${view}-filter-answer`)).slice(-word.length);
    result.filter_again_max_ms = result.filter_again_entries.length ? Math.max(...result.filter_again_entries) : null;
    await input.clearValue();
    await sleep(800);
  }
  // A virtualised list keeps its DOM small wherever it is scrolled to.
  await browser.execute(() => {
    window.scrollTo(0, document.body.scrollHeight);
    for (const el of document.querySelectorAll('*')) if (el.scrollHeight > el.clientHeight + 50) el.scrollTop = el.scrollHeight;
  });
  await sleep(800);
  result.dom_rows_after_scroll = await rows(browser);
  await browser.saveScreenshot(path.join(root, `target/bench/${view}.png`)).catch(() => {});
} catch (error) {
  result.error = String(error?.message ?? error).split('\n')[0];
} finally {
  await close();
}
console.log(JSON.stringify(result));
