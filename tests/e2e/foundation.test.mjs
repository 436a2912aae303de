// Profiles, events and the control panel, in the real window of the built app.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { byText, evidence, field, freshDataDir, launch } from './harness.mjs';

// Date inputs have a native picker; set them the way the picker does.
async function setDate(browser, label, value) {
  const input = await field(browser, label);
  await browser.execute(
    (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    input,
    value,
  );
}

async function createProfile(browser, name, email) {
  await (await field(browser, 'Имя')).setValue(name);
  await (await field(browser, 'E-mail')).setValue(email);
  await (await byText(browser, 'Создать профиль', 'button')).click();
  await byText(browser, name);
}

describe('an administrator starting from an empty data folder', () => {
  const dataDir = freshDataDir();
  let app;
  before(async () => (app = await launch({ MYSCIHUB_DATA_DIR: dataDir })));
  after(async () => app?.close());

  it('creates a profile and an event, and reaches Интеграции → Zoom', async () => {
    const { browser } = app;
    await byText(browser, 'Кто работает с приложением?');
    await createProfile(browser, 'Анна Петрова', 'anna@example.org');

    await byText(browser, 'Вы пока не администрируете ни одного мероприятия. Создайте мероприятие — вы станете его администратором.');
    await (await byText(browser, 'Создать мероприятие', 'button')).click();
    await (await field(browser, 'Название')).setValue('Школа молодых физиков');
    const zone = await field(browser, 'Часовой пояс');
    await zone.clearValue();
    await zone.setValue('Asia/Novosibirsk');
    await setDate(browser, 'Дата начала', '2027-03-01');
    await setDate(browser, 'Дата окончания', '2027-03-03');
    await (await browser.$('form button[type="submit"]')).click();

    await byText(browser, 'Панель управления', 'h1');
    await byText(browser, 'Школа молодых физиков', 'p');
    await byText(browser, 'Интеграции', 'h2');
    await (await browser.$('nav a[href$="/integrations/zoom"]')).click();
    await byText(browser, 'Zoom', 'h1');
    assert.match(await browser.execute(() => window.location.hash), /^#\/events\/\d+\/integrations\/zoom$/);
    await evidence(browser, 'zoom-page');
  });

  it('refuses a second profile that is not an administrator of the event', async () => {
    const { browser } = app;
    const eventHash = await browser.execute(() => window.location.hash);
    await (await byText(browser, 'Сменить профиль', 'button')).click();
    await createProfile(browser, 'Борис Иванов', 'boris@example.org');
    await byText(browser, 'Вы пока не администрируете ни одного мероприятия. Создайте мероприятие — вы станете его администратором.');

    await browser.execute((hash) => (window.location.hash = hash), eventHash);
    await byText(browser, 'Нет доступа', 'h1');
    await byText(browser, 'Нет доступа: это доступно только администраторам мероприятия.', 'span');
    assert.equal(await (await browser.$('//h1[.="Zoom"]')).isExisting(), false);
    await evidence(browser, 'forbidden');
  });
});

describe('the same data folder after a restart', () => {
  const dataDir = freshDataDir();

  it('keeps profiles and events written by an earlier run', async () => {
    const first = await launch({ MYSCIHUB_DATA_DIR: dataDir });
    try {
      await createProfile(first.browser, 'Вера Смирнова', 'vera@example.org');
      await (await byText(first.browser, 'Создать мероприятие', 'button')).click();
      await (await field(first.browser, 'Название')).setValue('Летняя школа');
      await setDate(first.browser, 'Дата начала', '2027-07-01');
      await (await first.browser.$('form button[type="submit"]')).click();
      await byText(first.browser, 'Панель управления', 'h1');
    } finally {
      await first.close();
    }

    const second = await launch({ MYSCIHUB_DATA_DIR: dataDir });
    try {
      await (await byText(second.browser, 'Вера Смирнова vera@example.org', 'button')).click();
      await (await byText(second.browser, 'Летняя школа', 'strong')).click();
      await byText(second.browser, 'Панель управления', 'h1');
    } finally {
      await second.close();
    }
  });
});

describe('demo mode', () => {
  let app;
  before(async () => (app = await launch({ MYSCIHUB_DATA_DIR: freshDataDir(), MYSCIHUB_DEMO: '1' })));
  after(async () => app?.close());

  it("opens Demo Conference's control panel as Demo Admin", async () => {
    const { browser } = app;
    await byText(browser, 'Панель управления', 'h1');
    await byText(browser, 'Demo Conference', 'p');
    assert.equal(await (await browser.$('[data-testid="current-profile"]')).getText(), 'Demo Admin');
    await evidence(browser, 'demo');
  });
});

describe('a data folder the app cannot use', () => {
  let app;
  before(async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const blocker = join(freshDataDir(), 'not-a-folder');
    writeFileSync(blocker, 'a file where the data folder should be');
    app = await launch({ MYSCIHUB_DATA_DIR: blocker });
  });
  after(async () => app?.close());

  it('opens the window and says so in plain words', async () => {
    const alert = await app.browser.$('[role="alert"]');
    await alert.waitForDisplayed({ timeout: 15_000 });
    assert.match(await alert.getText(), /^Папка данных недоступна/);
  });
});
