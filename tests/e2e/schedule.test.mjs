// The event's «Расписание» in the real window: two connections' meetings on one timeline, an
// overlap of one Zoom user flagged on both rows, a weekly series shown as its occurrences, the
// zone switch, and an .ics export read back by a calendar parser (ical.js).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import ICAL from 'ical.js';
import { APP, byText, evidence, freshDataDir, launch, startSandbox, zoomEnv } from './harness.mjs';

const run = promisify(execFile);
const DEMO_EMAIL = 'demo.admin@myscihub.example';
const PRO = 'uPro00000000000000000B';
const FREE = 'uFree0000000000000000A';

function meeting(n, topic, start, minutes, extra = {}) {
  const id = 86_000_000_000 + n;
  return { uuid: `uuid-${n}==`, id, host_id: PRO, topic, type: 2, start_time: start, duration: minutes, timezone: 'Europe/Berlin', join_url: `https://us05web.zoom.us/j/${id}?pwd=p${n}`, ...extra };
}

describe("the event's schedule", () => {
  let sandbox;
  let app;
  let saved;
  before(async () => {
    sandbox = await startSandbox();
    const put = (user, meetings) =>
      fetch(`${sandbox.url}/_sandbox/users/${user}/meetings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(meetings) });
    await put(PRO, [
      meeting(1, 'Доклады', '2027-03-29T07:00:00Z', 60, { timezone: 'Asia/Tokyo' }),
      meeting(2, 'Постеры', '2027-03-29T07:30:00Z', 60),
      meeting(3, 'Семинар', '2027-03-27T12:00:00Z', 45, {
        type: 8,
        occurrences: [
          { occurrence_id: '1', start_time: '2027-03-27T12:00:00Z', duration: 45, status: 'available' },
          { occurrence_id: '2', start_time: '2027-03-28T12:00:00Z', duration: 45, status: 'deleted' },
          { occurrence_id: '3', start_time: '2027-03-29T12:00:00Z', duration: 45, status: 'available' },
        ],
      }),
    ]);
    await put(FREE, [{ ...meeting(4, 'Секция А', '2027-03-29T07:00:00Z', 90), host_id: FREE }]);
    saved = freshDataDir();
    const env = {
      ...process.env,
      MYSCIHUB_DATA_DIR: freshDataDir(),
      MYSCIHUB_DEMO: '1',
      MYSCIHUB_LANG: 'ru',
      ...zoomEnv(sandbox),
      // The command line signs in through a loopback port; the window test saves without a dialog.
      MYSCIHUB_ZOOM_REDIRECT_URI: 'http://127.0.0.1/oauth/zoom/callback',
      MYSCIHUB_SAVE_DIR: saved,
    };
    const cli = async (extra, ...args) => JSON.parse((await run(APP, ['--profile', DEMO_EMAIL, ...args, '--json'], { env: { ...env, ...extra }, timeout: 60_000 })).stdout);
    const event = await cli({}, 'event', 'create', '--title', 'Весенняя школа', '--time-zone', 'Europe/Berlin', '--start', '2027-03-27', '--end', '2027-03-29');
    for (const [name, email] of [['Пленарные', 'pro@example.org'], ['Секции', 'free@example.org']]) {
      const connection = await cli({}, 'connection', 'add', '--event', String(event.id), '--name', name);
      await cli({ MYSCIHUB_LOGIN_HINT: email }, 'connection', 'connect', '--event', String(event.id), '--connection', String(connection.id));
    }
    app = await launch({ ...env, MYSCIHUB_OPEN: `#/events/${event.id}/integrations/schedule` });
  });
  after(async () => {
    await app?.close();
    await sandbox?.stop();
  });

  const row = (browser, topic) => browser.$(`//li[contains(@class, "schedule-row")][.//*[contains(@class, "meeting-topic") and normalize-space(.)="${topic}"]]`);

  it('shows both connections on one timeline, the overlap on both rows and the series as its occurrences', async () => {
    const { browser } = app;
    await byText(browser, 'Расписание', 'h1');
    await (await row(browser, 'Постеры')).waitForDisplayed({ timeout: 20_000 });
    for (const topic of ['Доклады', 'Постеры']) {
      const tag = await (await row(browser, topic)).$('[data-testid="meeting-overlap"]');
      assert.ok(await tag.isExisting(), `${topic} is flagged`);
      assert.match(await tag.getAttribute('aria-label'), /pro@example\.org/);
    }
    assert.equal(await (await (await row(browser, 'Секция А')).$('[data-testid="meeting-overlap"]')).isExisting(), false, 'another Zoom user at the same hour is not');
    assert.match(await (await row(browser, 'Секция А')).getText(), /Секции/);
    const series = await browser.$$(`//li[contains(@class, "schedule-row")][.//*[contains(@class, "meeting-topic") and normalize-space(.)="Семинар"]]`);
    assert.equal(series.length, 2, 'two occurrences; the cancelled one is not shown');
    assert.match(await (await browser.$('[data-testid="schedule-conflicts"]')).getText(), /2/);
    await evidence(browser, 'schedule');
  });

  it("switches between the event's zone and each meeting's own", async () => {
    const { browser } = app;
    const time = async () => (await (await row(browser, 'Доклады')).$('[data-testid="schedule-time"]')).getText();
    assert.match(await time(), /09:00/, 'Berlin, after the clocks changed');
    await (await byText(browser, 'Каждой встречи', 'label')).click();
    await browser.waitUntil(async () => /16:00/.test(await time()), { timeout: 15_000, timeoutMsg: 'the meeting is in Asia/Tokyo' });
    await (await byText(browser, 'Часовой пояс мероприятия', 'label')).click();
    await browser.waitUntil(async () => /09:00/.test(await time()), { timeout: 15_000, timeoutMsg: "back to the event's zone" });
  });

  it('exports the schedule as an .ics a calendar parser reads', async () => {
    const { browser } = app;
    await (await byText(browser, 'Экспорт .ics', 'button')).click();
    const said = await browser.$(`//*[starts-with(normalize-space(.), "Сохранено: ")]`);
    await said.waitForDisplayed({ timeout: 15_000 });
    const path = /Сохранено:\s*(\S+)/.exec(await said.getText())[1];
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, 'utf8')));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    assert.equal(events.length, 5, 'Доклады, Постеры, Секция А and two occurrences of Семинар');
    const talks = events.find((e) => e.summary === 'Доклады');
    assert.equal(talks.startDate.toJSDate().toISOString(), '2027-03-29T07:00:00.000Z');
    assert.equal(talks.endDate.toJSDate().toISOString(), '2027-03-29T08:00:00.000Z');
    assert.equal(talks.location, meeting(1).join_url);
    assert.equal(new Set(events.map((e) => e.uid)).size, 5, 'one UID each');
  });
});
