// Connecting a Zoom account in the real window: the browser goes to the Zoom sandbox, the link
// comes back through a second `myscihub` process, and the connection shows «Подключен».
import assert from 'node:assert/strict';
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { byText, evidence, freshDataDir, launch, startSandbox, zoomEnv } from './harness.mjs';

describe('an administrator connecting a Zoom account', () => {
  let sandbox;
  let app;
  before(async () => {
    sandbox = await startSandbox();
    app = await launch({ MYSCIHUB_DATA_DIR: freshDataDir(), MYSCIHUB_DEMO: '1', ...zoomEnv(sandbox) });
  });
  after(async () => {
    await app?.close();
    await sandbox?.stop();
  });

  const row = (browser, name) => browser.$(`li.connection[aria-label="${name}"]`);
  const action = async (browser, name, which) => {
    const button = await (await row(browser, name)).$(`button[data-action="${which}"]`);
    await button.waitForClickable({ timeout: 15_000 });
    await button.click();
  };

  it('adds a connection and connects it through the system browser', async () => {
    const { browser } = app;
    await byText(browser, 'Панель управления', 'h1');
    await (await browser.$('nav a[href$="/integrations/zoom"]')).click();
    await byText(browser, 'Zoom', 'h1');

    await (await byText(browser, 'Добавить Zoom подключение', 'button')).click();
    const name = await browser.$('form input');
    await name.waitForDisplayed();
    await name.setValue('Секция А');
    await browser.keys('Enter');
    await (await row(browser, 'Секция А')).waitForDisplayed({ timeout: 15_000 });
    await byText(browser, 'Не подключен', 'span');

    // A script in the page tries to hear the deep-link plugin's broadcast of the raw link (with
    // its code and state): the window has no permission to listen to any event.
    const refusal = await browser.executeAsync((done) => {
      window.__heard = [];
      const internals = window.__TAURI_INTERNALS__;
      const handler = internals.transformCallback((event) => window.__heard.push(JSON.stringify(event)));
      internals
        .invoke('plugin:event|listen', { event: 'deep-link://new-url', target: { kind: 'Any' }, handler })
        .then(() => done('listening'), (error) => done(`refused: ${error}`));
    });
    assert.match(refusal, /^refused: /, 'the page may not listen to the deep-link broadcast');

    await action(browser, 'Секция А', 'connect');
    await browser.waitUntil(async () => (await (await row(browser, 'Секция А')).getText()).includes('Подключен'), {
      timeout: 20_000,
      timeoutMsg: 'the connection did not become «Подключен»',
    });
    const heard = await browser.execute(() => window.__heard);
    assert.deepEqual(heard, [], 'nothing of the sign-in reached a page listener');
    const pageText = await browser.execute(() => document.documentElement.outerHTML);
    assert.doesNotMatch(pageText, /zsbx_|code=|state=/, 'no code, state or token in the page');
    const text = await (await row(browser, 'Секция А')).getText();
    assert.match(text, /free@example\.org/);
    assert.doesNotMatch(text, /Ожидание авторизации/);
    await evidence(browser, 'zoom-connected');

    const log = await sandbox.requests();
    const token = log.filter((r) => r.path === '/oauth/token');
    assert.equal(token.length, 1, 'one code exchange');
    assert.equal(token[0].status, 200);
  });

  it('renames the connection', async () => {
    const { browser } = app;
    await action(browser, 'Секция А', 'rename');
    const input = await (await row(browser, 'Секция А')).$('input');
    await input.waitForDisplayed();
    await input.clearValue();
    await input.setValue('Пленарная секция');
    await browser.keys('Enter');
    await (await row(browser, 'Пленарная секция')).waitForDisplayed({ timeout: 15_000 });
  });

  it('disconnects after a confirmation, and Zoom revokes the grant', async () => {
    const { browser } = app;
    await action(browser, 'Пленарная секция', 'disconnect');
    const dialog = await browser.$('[role="alertdialog"]');
    await dialog.waitForDisplayed();
    await (await dialog.$('button.danger')).click();
    await browser.waitUntil(async () => (await (await row(browser, 'Пленарная секция')).getText()).includes('Не подключен'), {
      timeout: 15_000,
      timeoutMsg: 'the connection did not become «Не подключен»',
    });
    const log = await sandbox.requests();
    assert.equal(log.filter((r) => r.path === '/oauth/revoke' && r.status === 200).length, 1);
    await byText(browser, 'История', 'h2');
    await evidence(browser, 'zoom-disconnected');
  });
});

// The two other ways back from Zoom: a loopback address the app listens on, and the https
// bounce page (served by the sandbox) that forwards to myscihub://.
for (const [mode, redirectUri] of [
  ['loopback', () => 'http://127.0.0.1/oauth/zoom/callback'],
  ['bounce page', (sandbox) => `${sandbox.url}/oauth/bounce`],
]) {
  describe(`connecting with the ${mode} return`, () => {
    let sandbox;
    let app;
    before(async () => {
      sandbox = await startSandbox();
      const env = { ...zoomEnv(sandbox), MYSCIHUB_ZOOM_REDIRECT_URI: redirectUri(sandbox) };
      app = await launch({ MYSCIHUB_DATA_DIR: freshDataDir(), MYSCIHUB_DEMO: '1', ...env });
    });
    after(async () => {
      await app?.close();
      await sandbox?.stop();
    });

    it('ends «Подключен»', async () => {
      const { browser } = app;
      const panel = await byText(browser, 'Панель управления', 'h1');
      await panel.waitForDisplayed();
      await browser.execute(() => (window.location.hash += '/integrations/zoom'));
      await (await byText(browser, 'Добавить Zoom подключение', 'button')).click();
      await (await browser.$('form input')).setValue('Основной');
      await browser.keys('Enter');
      const row = await browser.$('li.connection[aria-label="Основной"]');
      await (await row.$('button[data-action="connect"]')).click();
      await browser.waitUntil(async () => (await row.getText()).includes('free@example.org'), {
        timeout: 20_000,
        timeoutMsg: `the ${mode} return did not connect`,
      });
    });
  });
}

describe('a sign-in started in the Zoom Marketplace', () => {
  let app;
  before(async () => (app = await launch({ MYSCIHUB_DATA_DIR: freshDataDir(), MYSCIHUB_DEMO: '1' })));
  after(async () => app?.close());

  it('changes nothing and explains how to connect from the event', async () => {
    const { browser } = app;
    await byText(browser, 'Панель управления', 'h1');
    const { spawn } = await import('node:child_process');
    const { APP } = await import('./harness.mjs');
    await new Promise((resolve) =>
      spawn(APP, ['myscihub://oauth/zoom/callback?code=zsbx_code_marketplace'], { stdio: 'inherit' }).on('exit', resolve),
    );
    await browser.waitUntil(async () => (await browser.$('body').getText()).includes('Zoom Marketplace'), {
      timeout: 15_000,
      timeoutMsg: 'no explanation appeared',
    });
    assert.match(await browser.$('body').getText(), /добавьте подключение и нажмите «Подключить»/);
  });
});

// The token key file goes missing between two runs: the window says so instead of making a new
// key, and «Повторить» opens the same connections once the file is back.
describe('a token key file that went missing', () => {
  let sandbox;
  let app;
  const dataDir = freshDataDir();
  const keyFile = path.join(dataDir, 'token.key');
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await app?.close();
    await sandbox?.stop();
  });

  const row = (browser) => browser.$('li.connection[aria-label="Основной"]');
  const connected = async (browser) =>
    browser.waitUntil(async () => (await (await row(browser)).getText()).includes('Подключен'), {
      timeout: 20_000,
      timeoutMsg: 'the connection did not become «Подключен»',
    });

  it('is refused with a plain explanation, and «Повторить» works once it is restored', async () => {
    app = await launch({ MYSCIHUB_DATA_DIR: dataDir, MYSCIHUB_DEMO: '1', ...zoomEnv(sandbox) });
    let { browser } = app;
    await byText(browser, 'Панель управления', 'h1');
    await browser.execute(() => (window.location.hash += '/integrations/zoom'));
    await (await byText(browser, 'Добавить Zoom подключение', 'button')).click();
    await (await browser.$('form input')).setValue('Основной');
    await browser.keys('Enter');
    const connect = await (await row(browser)).$('button[data-action="connect"]');
    await connect.waitForClickable({ timeout: 15_000 });
    await connect.click();
    await connected(browser);
    await app.close();

    renameSync(keyFile, `${keyFile}.backup`);
    app = await launch({ MYSCIHUB_DATA_DIR: dataDir, MYSCIHUB_DEMO: '1', ...zoomEnv(sandbox) });
    ({ browser } = app);
    const alert = await browser.$('[role="alert"]');
    await alert.waitForDisplayed({ timeout: 15_000 });
    assert.match(await alert.getText(), /^Пропал файл ключа шифрования .*token\.key/);
    assert.match(await alert.getText(), /Сохранённые подключения Zoom в безопасности/);
    await evidence(browser, 'token-key-missing');
    assert.equal(existsSync(keyFile), false, 'no new key file was made');

    renameSync(`${keyFile}.backup`, keyFile);
    await (await byText(browser, 'Повторить', 'button')).click();
    await byText(browser, 'Панель управления', 'h1');
    await browser.execute(() => (window.location.hash += '/integrations/zoom'));
    await connected(browser);
  });
});
