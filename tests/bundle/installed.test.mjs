// The installed package in a desktop session: the window of /usr/bin/myscihub opens, and a
// myscihub:// link handed to the desktop's own opener (`gio open`) reaches the running app through
// the desktop entry (`Exec=myscihub %u`) and the single-instance hand-over. A Marketplace-style
// callback (a code without a state the app issued) must end with the app's explanation.
// Run by tests/bundle/install-test.sh (MYSCIHUB_APP names the installed binary).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { APP, byText, evidence, freshDataDir, launch } from '../e2e/harness.mjs';

const run = promisify(execFile);
const LINK = 'myscihub://oauth/zoom/callback?code=marketplace-test';

describe('the installed app', () => {
  const dataDir = process.env.MYSCIHUB_DATA_DIR || freshDataDir();
  let app;
  before(async () => {
    assert.ok(APP.startsWith('/usr/'), `MYSCIHUB_APP should name the installed binary, not ${APP}`);
    app = await launch({ MYSCIHUB_DATA_DIR: dataDir, MYSCIHUB_KEYCHAIN: '0', MYSCIHUB_LANG: 'ru' });
  });
  after(async () => app?.close());

  it('starts on an empty data folder and reports its version and data folder', async () => {
    const { browser } = app;
    await byText(browser, 'Кто работает с приложением?');
    const info = await browser.execute(() => window.__TAURI_INTERNALS__.invoke('app_info'));
    assert.equal(info.version, process.env.MYSCIHUB_EXPECTED_VERSION ?? info.version);
    assert.equal(info.dataDir, dataDir);
  });

  it('receives a myscihub:// link opened with `gio open` and explains a Marketplace sign-in', async () => {
    const { browser } = app;
    const opened = Date.now();
    await run('gio', ['open', LINK]);
    await browser.waitUntil(async () => (await browser.$('body').getText()).includes('Zoom Marketplace'), {
      timeout: 20_000,
      interval: 200,
      timeoutMsg: `the app showed no explanation for ${LINK}`,
    });
    console.log(`# the explanation appeared ${Date.now() - opened} ms after gio open`);
    // Under Xvfb WebKit paints after the DOM changes: let two frames render before the screenshot.
    await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    await evidence(browser, 'installed-marketplace-link');
  });
});
