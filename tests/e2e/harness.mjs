// Drives the real app window: tauri-driver + WebKitWebDriver, the app built from this tree.
// Run the tests inside Xvfb and `dbus-run-session` (see .ci/run and the Makefile).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const APP = process.env.MYSCIHUB_APP ?? path.join(root, 'target/debug/myscihub');
const SANDBOX = path.join(root, 'target/debug/zoom-sandbox');
export const BROWSER = path.join(root, 'tests/e2e/browser.mjs');
const ARTIFACTS = path.join(root, 'tests/e2e/artifacts');
const DRIVER = process.env.TAURI_DRIVER ?? 'tauri-driver';

export function freshDataDir() {
  return mkdtempSync(path.join(os.tmpdir(), 'myscihub-e2e-'));
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, deadlineMs) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listened on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts the app with `env` (data folder, language, demo…) and returns a WebdriverIO browser
 * for its window, plus `close()`, which ends the session and every process the driver started.
 * With `ownBus`, the driver and the app get a D-Bus session of their own: a second app on the
 * same desktop, as on another computer (on one bus the second would hand over to the first).
 */
export async function launch(env = {}, { ownBus = false } = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  const args = ['--port', String(port), '--native-port', String(nativePort)];
  // The app inherits the driver's environment.
  const driver = spawn(ownBus ? 'dbus-run-session' : DRIVER, ownBus ? ['--', DRIVER, ...args] : args, {
    env: { ...process.env, MYSCIHUB_LANG: 'ru', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const exited = new Promise((resolve) => driver.once('exit', resolve));
  // tauri-driver answers before the WebKitWebDriver it starts does; a session asked for in
  // between (a loaded machine, a quick relaunch) fails to connect.
  await waitForPort(port, 20_000);
  await waitForPort(nativePort, 20_000);
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    connectionRetryCount: 0,
    capabilities: { 'tauri:options': { application: APP } },
  });
  async function close() {
    await browser.deleteSession().catch(() => {});
    // The app can outlive its session: end the driver's whole process group.
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch {}
    await exited;
  }
  return { browser, close };
}

/**
 * Starts the Zoom sandbox on a free port with a scenario of tests/zoom-sandbox/scenarios.
 * Returns its base URL, its request log, and `stop()`.
 */
export async function startSandbox(scenario = 'test.json', { autoApprove = true } = {}) {
  const args = ['--scenario', path.join(root, 'tests/zoom-sandbox/scenarios', scenario), '--port', '0'];
  if (autoApprove) args.push('--auto-approve');
  const child = spawn(SANDBOX, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`zoom-sandbox exited (${code}) before listening`)));
  });
  return {
    url,
    async requests() {
      return (await fetch(`${url}/_sandbox/requests`)).json();
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The environment that points the app at the sandbox and at the stand-in browser. */
export function zoomEnv(sandbox) {
  return {
    MYSCIHUB_ZOOM_OAUTH_URL: sandbox.url,
    MYSCIHUB_ZOOM_API_URL: `${sandbox.url}/v2`,
    MYSCIHUB_ZOOM_CLIENT_ID: 'test-public',
    MYSCIHUB_ZOOM_REDIRECT_URI: 'myscihub://oauth/zoom/callback',
    MYSCIHUB_BROWSER: BROWSER,
    MYSCIHUB_APP: APP,
    MYSCIHUB_KEYCHAIN: '0',
  };
}

/** Waits for visible text anywhere in the window, then returns the element holding it. */
export async function byText(browser, text, selector = '*') {
  const element = await browser.$(`//${selector}[normalize-space(.)=${xpathLiteral(text)}]`);
  await element.waitForDisplayed({ timeout: 15_000, timeoutMsg: `"${text}" did not appear` });
  return element;
}

export async function field(browser, label) {
  const input = await browser.$(`//label[contains(normalize-space(.), ${xpathLiteral(label)})]//input`);
  await input.waitForDisplayed({ timeout: 15_000, timeoutMsg: `field "${label}" did not appear` });
  return input;
}

export async function evidence(browser, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await browser.saveScreenshot(path.join(ARTIFACTS, `${name}.png`));
}

function xpathLiteral(text) {
  if (!text.includes("'")) return `'${text}'`;
  return `concat('${text.split("'").join(`', "'", '`)}')`;
}

/**
 * A throwaway PostgreSQL cluster, as the Rust tests start one: Debian's server binaries, a
 * temporary folder, a free port on loopback; as root, the cluster is the `postgres` user's.
 * Returns its port, `sql(statement)` as the superuser, and `stop()`.
 */
export async function startPostgres() {
  const base = '/usr/lib/postgresql';
  const version = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin/initdb')))
    .sort((a, b) => Number(a) - Number(b))
    .at(-1);
  const bin = path.join(base, version, 'bin');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'myscihub-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (program, args) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', program, ...args]) : execFileSync(program, args);
  const password = 'superuser-password-for-tests';
  writeFileSync(path.join(dir, 'pwfile'), password);
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'test_superuser', `--pwfile=${path.join(dir, 'pwfile')}`, '--auth=scram-sha-256', '--no-locale', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  return {
    port,
    sql(statement, database = 'postgres') {
      const env = { ...process.env, PGPASSWORD: password };
      return execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'test_superuser', '-d', database, '-v', 'ON_ERROR_STOP=1', '-c', statement], { env }).toString();
    },
    async stop() {
      run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
    },
  };
}
