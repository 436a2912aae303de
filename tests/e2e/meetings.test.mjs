// The connection page in the real window: the account, its meetings in the event's time zone,
// a reload that fetches again, and hostile meeting text shown as text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { byText, evidence, freshDataDir, launch, startSandbox, zoomEnv } from './harness.mjs';

const FREE_USER = 'uFree0000000000000000A';
const hostile = [
  {
    id: 81000000001, uuid: 'h1==', host_id: FREE_USER, type: 2, duration: 45, timezone: 'America/New_York',
    topic: '<img src=x onerror="document.title=\'pwned\'"><b>Пленарное заседание</b>',
    start_time: '2026-12-03T07:00:00Z', created_at: '2026-11-01T10:00:00Z',
    join_url: 'https://us05web.zoom.us/j/81000000001?pwd=abc',
  },
  {
    id: 81000000002, uuid: 'h2==', host_id: FREE_USER, type: 2, duration: 30, timezone: 'UTC',
    topic: 'Ссылка-ловушка', start_time: '2026-12-04T07:00:00Z', created_at: '2026-11-01T10:00:00Z',
    join_url: 'javascript:document.title="pwned"',
  },
  { id: 81000000003, uuid: 'h3==', host_id: FREE_USER, type: 3, duration: 60, topic: 'Консультации без времени',
    created_at: '2026-11-01T10:00:00Z', join_url: 'https://us05web.zoom.us/j/81000000003' },
];

describe('the connection page', () => {
  let sandbox;
  let app;
  before(async () => {
    sandbox = await startSandbox();
    const put = await fetch(`${sandbox.url}/_sandbox/users/${FREE_USER}/meetings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(hostile),
    });
    assert.equal(put.status, 200);
    app = await launch({ MYSCIHUB_DATA_DIR: freshDataDir(), MYSCIHUB_DEMO: '1', ...zoomEnv(sandbox) });
  });
  after(async () => {
    await app?.close();
    await sandbox?.stop();
  });

  it("shows the account's meetings in the event's time zone, hostile text as text", async () => {
    const { browser } = app;
    await byText(browser, 'Панель управления', 'h1');
    await browser.execute(() => (window.location.hash += '/integrations/zoom'));
    await (await byText(browser, 'Добавить Zoom подключение', 'button')).click();
    await (await browser.$('form input')).setValue('Секретарь');
    await browser.keys('Enter');
    const row = await browser.$('li.connection[aria-label="Секретарь"]');
    await (await row.$('button[data-action="connect"]')).click();
    await browser.waitUntil(async () => (await row.getText()).includes('free@example.org'), { timeout: 20_000 });

    await (await row.$('a')).click();
    await byText(browser, 'Ссылка-ловушка', 'span');
    const topics = await browser.$$('.meeting-topic').map((t) => t.getText());
    assert.ok(topics.includes('<img src=x onerror="document.title=\'pwned\'"><b>Пленарное заседание</b>'), 'markup shown as text');
    assert.equal(await browser.$$('.meeting img, .meeting-topic b').length, 0, 'no element made from meeting text');
    assert.notEqual(await browser.getTitle(), 'pwned');

    // Demo Conference is in Europe/Moscow: 07:00 UTC is 10:00 there.
    const start = await browser.$('li.meeting time');
    assert.match(await start.getText(), /10:00/);
    await byText(browser, 'Без фиксированного времени', 'span');

    const trap = await browser.$('//li[contains(@class,"meeting")][.//span[.="Ссылка-ловушка"]]');
    assert.equal(await trap.$$('a').length, 0, 'a javascript: link is never a link');
    assert.equal(await trap.$$('button.primary').length, 0, 'and has no Join button');
    assert.match(await trap.getText(), /javascript:/);
    await evidence(browser, 'connection-page');

    const lists = async () => (await sandbox.requests()).filter((r) => r.path === '/v2/users/me/meetings').length;
    const before = await lists();
    await browser.keys('F5');
    await browser.waitUntil(async () => (await lists()) === before + 1, {
      timeout: 15_000,
      timeoutMsg: 'F5 did not fetch the meetings again',
    });
    await byText(browser, 'Ссылка-ловушка', 'span');
  });
});
