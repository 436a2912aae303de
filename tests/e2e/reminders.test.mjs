// «Напоминать за N минут» in the real window: the app asks the desktop's notification server
// (tests/e2e/notification-server.py, on this test's D-Bus session) for one notification per
// meeting about to start, never twice, never for one already running when the app opened; and a
// click on the notification opens that meeting's details with its Join button.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { APP, byText, evidence, freshDataDir, launch, startSandbox, zoomEnv } from './harness.mjs';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const DEMO_EMAIL = 'demo.admin@myscihub.example';
const PRO = 'uPro00000000000000000B';
const MINUTE = 60_000;

/** Whole minutes from now, as Zoom writes start times. */
const inMinutes = (n) => new Date(Math.floor(Date.now() / MINUTE) * MINUTE + n * MINUTE).toISOString().replace(/\.\d{3}Z$/, 'Z');
const berlin = (iso) => new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
const day = (offset) => new Date(Date.now() + offset * 24 * 60 * MINUTE).toISOString().slice(0, 10);

function meeting(n, topic, start, minutes) {
  const id = 87_000_000_000 + n;
  return { uuid: `uuid-r${n}==`, id, host_id: PRO, topic, type: 2, start_time: start, duration: minutes, timezone: 'Europe/Berlin', join_url: `https://us05web.zoom.us/j/${id}?pwd=r${n}` };
}

/** The notification server: what it was asked to show, and clicks. */
async function startNotificationServer() {
  // Debian's own Python, which python3-dbus and python3-gi are installed for (not a pyenv one).
  const child = spawn('/usr/bin/python3', [path.join(here, 'notification-server.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const shown = [];
  const lines = createInterface({ input: child.stdout });
  await new Promise((resolve, reject) => {
    lines.on('line', (line) => (line === 'ready' ? resolve() : shown.push(JSON.parse(line))));
    child.once('exit', (code) => reject(new Error(`the notification server exited (${code})`)));
  });
  return {
    shown,
    click: (id) => child.stdin.write(`click ${id}\n`),
    async stop() {
      child.stdin.end();
      child.kill('SIGTERM');
    },
  };
}

describe('reminders before a meeting starts', () => {
  let sandbox;
  let desktop;
  let app;
  const running = meeting(1, 'Уже идёт', inMinutes(-10), 60);
  const opening = meeting(2, 'Открытие', inMinutes(5), 30);
  const talk = meeting(3, 'Доклад', inMinutes(40), 30);
  before(async () => {
    sandbox = await startSandbox();
    await fetch(`${sandbox.url}/_sandbox/users/${PRO}/meetings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([running, opening, talk]),
    });
    desktop = await startNotificationServer();
    const env = { ...process.env, MYSCIHUB_DATA_DIR: freshDataDir(), MYSCIHUB_DEMO: '1', MYSCIHUB_LANG: 'ru', ...zoomEnv(sandbox), MYSCIHUB_ZOOM_REDIRECT_URI: 'http://127.0.0.1/oauth/zoom/callback' };
    const cli = async (extra, ...args) => JSON.parse((await run(APP, ['--profile', DEMO_EMAIL, ...args, '--json'], { env: { ...env, ...extra }, timeout: 60_000 })).stdout);
    const event = await cli({}, 'event', 'create', '--title', 'Школа', '--time-zone', 'Europe/Berlin', '--start', day(-1), '--end', day(1));
    const connection = await cli({}, 'connection', 'add', '--event', String(event.id), '--name', 'Пленарные');
    await cli({ MYSCIHUB_LOGIN_HINT: 'pro@example.org' }, 'connection', 'connect', '--event', String(event.id), '--connection', String(connection.id));
    app = await launch({ ...env, MYSCIHUB_OPEN: `#/events/${event.id}/integrations/schedule` });
  });
  after(async () => {
    await app?.close();
    await desktop?.stop();
    await sandbox?.stop();
  });

  const titled = (topic) => desktop.shown.filter((n) => n.summary === topic);
  const until = (what, check) => app.browser.waitUntil(async () => check(), { timeout: 20_000, timeoutMsg: what });

  it('asks for one notification per meeting about to start, and none for one already running', async () => {
    const { browser } = app;
    await byText(browser, 'Расписание', 'h1');
    await (await browser.$('//li[contains(@class, "schedule-row")]')).waitForDisplayed({ timeout: 20_000 });
    const box = await browser.$('.reminder input[type="checkbox"]');
    await box.waitForEnabled({ timeout: 15_000 });
    await box.click();
    await until('«Открытие» is reminded of', () => titled('Открытие').length > 0);
    const [first] = titled('Открытие');
    assert.equal(first.body, `Начало в ${berlin(opening.start_time)}`, "its time in the event's zone");
    assert.ok(first.actions.includes('default'), 'a click on it is reported back to the app');
    assert.deepEqual(titled('Доклад'), [], 'starts in 40 minutes: not yet, 10 minutes before');

    // An hour before: «Доклад» is due now. The pass that reminds of it saw the other two again.
    const minutes = await browser.$('.reminder input[type="number"]');
    await minutes.setValue('60');
    await browser.keys('Tab');
    await until('«Доклад» is reminded of', () => titled('Доклад').length > 0);
    assert.equal(titled('Открытие').length, 1, 'never twice for one meeting');
    assert.equal(titled('Уже идёт').length, 0, 'not for a meeting that had started when the app opened');
  });

  it("opens the meeting's details when the notification is clicked", async () => {
    const { browser } = app;
    desktop.click(titled('Открытие')[0].id);
    const dialog = await browser.$(`[data-meeting-id="${opening.id}"]`);
    await dialog.waitForDisplayed({ timeout: 20_000, timeoutMsg: "the meeting's details did not open" });
    assert.match(await dialog.getText(), /Открытие/);
    const join = await dialog.$('button.primary');
    assert.equal(await join.getText(), 'Подключиться', 'with its Join button');
    await evidence(browser, 'reminder-details');
  });
});
