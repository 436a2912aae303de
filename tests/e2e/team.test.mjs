// Two administrators of one event, each on a computer of their own: two app instances, each with
// its own data folder, D-Bus session and tauri-driver, signed in to one team database (a real
// PostgreSQL the test starts) as their own roles. What one does, the other's open page shows.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { APP, byText, evidence, freshDataDir, launch, startPostgres, startSandbox, zoomEnv } from './harness.mjs';

const run = promisify(execFile);

describe('two administrators of one event sharing a team database', () => {
  let postgres;
  let sandbox;
  let anna;
  let boris;
  before(async () => {
    postgres = await startPostgres();
    postgres.sql("CREATE ROLE team_owner LOGIN PASSWORD 'owner-password' CREATEROLE");
    postgres.sql('CREATE DATABASE team OWNER team_owner');
    sandbox = await startSandbox();
    const base = { ...process.env, MYSCIHUB_LANG: 'ru', ...zoomEnv(sandbox) };
    const annas = { ...base, MYSCIHUB_DATA_DIR: freshDataDir() };
    const boriss = { ...base, MYSCIHUB_DATA_DIR: freshDataDir() };
    const cli = async (env, ...args) => (await run(APP, args, { env, timeout: 60_000 })).stdout;
    // Anna sets the team up and invites Boris, who joins on his computer; both administer the event.
    const url = `postgres://team_owner@127.0.0.1:${postgres.port}/team`;
    await cli({ ...annas, PGPASSWORD: 'owner-password' }, 'team', 'init', '--database-url', url, '--name', 'Анна', '--email', 'anna@example.org');
    const invited = JSON.parse(await cli(annas, 'team', 'invite', '--name', 'Борис', '--email', 'boris@example.org', '--json'));
    await cli(boriss, 'team', 'join', invited.code);
    const event = JSON.parse(await cli(annas, 'event', 'create', '--title', 'Конференция', '--time-zone', 'Europe/Moscow', '--json'));
    await cli(annas, 'admin', 'add', '--event', String(event.id), '--email', 'boris@example.org');
    const open = { MYSCIHUB_OPEN: `#/events/${event.id}/integrations/zoom` };
    anna = await launch({ ...annas, ...open }, { ownBus: true });
    boris = await launch({ ...boriss, ...open }, { ownBus: true });
  });
  after(async () => {
    await anna?.close();
    await boris?.close();
    await sandbox?.stop();
    await postgres?.stop();
  });

  const row = (browser) => browser.$('li.connection[aria-label="Секция А"]');
  const rowSays = (browser, text, timeout) =>
    browser.waitUntil(async () => (await row(browser)).isExisting() && (await (await row(browser)).getText()).includes(text), {
      timeout,
      timeoutMsg: `the connection did not show «${text}»`,
    });
  const action = async (browser, which) => {
    const button = await (await row(browser)).$(`button[data-action="${which}"]`);
    await button.waitForClickable({ timeout: 15_000 });
    await button.click();
  };

  it('shows the account Anna connects on the page Boris has open, without a reload', async () => {
    await byText(anna.browser, 'Zoom', 'h1');
    await byText(boris.browser, 'Zoom', 'h1');
    // A reload of Boris's page would drop this.
    await boris.browser.execute(() => {
      window.__notReloaded = true;
    });

    await (await byText(anna.browser, 'Добавить Zoom подключение', 'button')).click();
    const name = await anna.browser.$('form input');
    await name.waitForDisplayed();
    await name.setValue('Секция А');
    await anna.browser.keys('Enter');
    await rowSays(anna.browser, 'Не подключен', 15_000);
    await action(anna.browser, 'connect');
    await rowSays(anna.browser, 'Подключен', 20_000);
    const connectedAt = Date.now();

    await rowSays(boris.browser, 'Подключен', 15_000);
    const delay = Date.now() - connectedAt;
    console.log(`team live update: Boris's page showed «Подключен» ${delay} ms after Anna's did`);
    assert.match(await (await row(boris.browser)).getText(), /free@example\.org/);
    assert.equal(await boris.browser.execute(() => window.__notReloaded), true, 'the page was not reloaded');
    await evidence(boris.browser, 'team-live-connected');
  });

  it("shows Boris's disconnect on Anna's page, and Zoom revokes the grant no other event uses", async () => {
    await anna.browser.execute(() => {
      window.__notReloaded = true;
    });
    await action(boris.browser, 'disconnect');
    const dialog = await boris.browser.$('[role="alertdialog"]');
    await dialog.waitForDisplayed();
    await (await dialog.$('button.danger')).click();
    await rowSays(boris.browser, 'Не подключен', 15_000);
    const disconnectedAt = Date.now();
    await rowSays(anna.browser, 'Не подключен', 15_000);
    console.log(`team live update: Anna's page showed «Не подключен» ${Date.now() - disconnectedAt} ms after Boris's did`);
    assert.equal(await anna.browser.execute(() => window.__notReloaded), true, 'the page was not reloaded');
    const revokes = (await sandbox.requests()).filter((r) => r.path === '/oauth/revoke');
    assert.equal(revokes.length, 1, 'the grant is revoked once');
    await evidence(anna.browser, 'team-live-disconnected');
  });
});
