// `myscihub sync` on the command line while the window has the same data folder open: both
// refresh the same Zoom grant, which Zoom rotates at every refresh, and neither may spend a
// refresh token the other already spent.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { APP, byText, freshDataDir, launch, startSandbox, zoomEnv } from './harness.mjs';

const run = promisify(execFile);
const DEMO_EMAIL = 'demo.admin@myscihub.example';

describe('the command line beside an open window', () => {
  let sandbox;
  let app;
  let env;
  before(async () => {
    sandbox = await startSandbox();
    env = { ...process.env, MYSCIHUB_DATA_DIR: freshDataDir(), MYSCIHUB_DEMO: '1', MYSCIHUB_LANG: 'ru', ...zoomEnv(sandbox) };
    app = await launch(env);
  });
  after(async () => {
    await app?.close();
    await sandbox?.stop();
  });

  const cli = (...args) => run(APP, ['--profile', DEMO_EMAIL, ...args], { env, timeout: 60_000 });
  const row = (browser) => browser.$('li.connection[aria-label="Секция А"]');

  it('syncs the account the window shows without racing its token rotation', async () => {
    const { browser } = app;
    await byText(browser, 'Панель управления', 'h1');
    const [event] = JSON.parse((await cli('event', 'list', '--json')).stdout);
    const added = JSON.parse((await cli('connection', 'add', '--event', String(event.id), '--name', 'Секция А', '--json')).stdout);
    // Added on the command line: the window lists it when its Zoom page opens.
    await (await browser.$('nav a[href$="/integrations/zoom"]')).click();
    const connect = await (await row(browser)).$('button[data-action="connect"]');
    await connect.waitForClickable({ timeout: 15_000 });
    await connect.click();
    await browser.waitUntil(async () => (await (await row(browser)).getText()).includes('free@example.org'), {
      timeout: 20_000,
      timeoutMsg: 'the window did not connect the account',
    });

    // An hour later Zoom refuses the access token: whoever syncs next must refresh the grant. The
    // count starts before the clock moves: the window may be the one that syncs first.
    const before = (await sandbox.requests()).filter((r) => r.path === '/oauth/token').length;
    await fetch(`${sandbox.url}/_sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 3600 }),
    });
    // The window reloads (a sync of its page) while three command-line syncs run.
    const syncs = [1, 2, 3].map(() => cli('sync', '--event', String(event.id), '--force', '--json'));
    for (let i = 0; i < 3; i++) await browser.refresh();
    const results = await Promise.all(syncs);
    for (const { stdout } of results) {
      const [line] = JSON.parse(stdout);
      assert.equal(line.email, 'free@example.org');
      assert.match(line.outcome, /^(synced|unchanged)$/, JSON.stringify(line));
    }

    const refreshes = (await sandbox.requests()).filter((r) => r.path === '/oauth/token').slice(before);
    assert.ok(refreshes.length >= 1, 'the grant was refreshed');
    assert.deepEqual(
      refreshes.map((r) => r.status),
      refreshes.map(() => 200),
      'no refresh token was spent twice (Zoom would answer invalid_grant)',
    );
    const listed = JSON.parse((await cli('connection', 'list', '--event', String(event.id), '--json')).stdout);
    assert.equal(listed.find((c) => c.id === added.id).status, 'connected');
    await browser.waitUntil(async () => (await (await row(browser)).getText()).includes('Подключен'), {
      timeout: 20_000,
      timeoutMsg: 'the window no longer shows the account connected',
    });
    assert.doesNotMatch(await (await row(browser)).getText(), /Требуется повторное подключение/);
  });
});
