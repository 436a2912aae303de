// docs/zoom-bounce.html, the https page users host as their Zoom app's redirect, in Chromium
// (Debian's `chromium`, driven by playwright-core over CDP; nothing is downloaded): for each link
// Zoom, or anyone else, may open it with, the one place it sends the browser. It must pass on
// code, state or error, their values untouched, to myscihub://oauth/zoom/callback and nothing else.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PAGE = readFileSync(path.join(root, 'docs/zoom-bounce.html'));
const CHROMIUM = '/usr/bin/chromium';
const APP = 'myscihub://oauth/zoom/callback';
// Where the page would be hosted, e.g. https://myscihub.example/zoom/callback.
const PAGE_PATH = '/zoom/callback';
const LONG_CODE = 'A'.repeat(20_000);
const LONG_STATE = 's'.repeat(4_000);

// Links the page forwards, and exactly where to.
const forwarded = [
  ['Zoom’s answer', '?code=abc123&state=st-1', `${APP}?code=abc123&state=st-1`],
  ['a Marketplace install, without state', '?code=abc123', `${APP}?code=abc123`],
  ['a refusal', '?error=access_denied&state=st-1', `${APP}?error=access_denied&state=st-1`],
  [
    'a refusal with its description, which stays behind',
    '?error=access_denied&error_description=The+user+denied&error_uri=https://evil.example&state=st-1',
    `${APP}?error=access_denied&state=st-1`,
  ],
  [
    'other parameters, which stay behind',
    '?redirect=https://evil.example&code=abc&next=javascript:alert(1)&Code=evil&scheme=https&state=s&url=file:///etc/passwd',
    `${APP}?code=abc&state=s`,
  ],
  [
    'a javascript: value, as a value',
    '?code=javascript:alert(document.domain)&state=javascript%3Aalert(1)',
    `${APP}?code=javascript:alert(document.domain)&state=javascript%3Aalert(1)`,
  ],
  [
    'percent-encoded values, byte for byte (an encoded & is no parameter)',
    '?code=a%2Bb%26redirect%3Dhttps%3A%2F%2Fevil.example&state=%E2%9C%93+x%20y',
    `${APP}?code=a%2Bb%26redirect%3Dhttps%3A%2F%2Fevil.example&state=%E2%9C%93+x%20y`,
  ],
  ['bytes that are not UTF-8, for the app to refuse', '?code=%FF%FE&state=s', `${APP}?code=%FF%FE&state=s`],
  ['a value typed unencoded', '?code=abc&state=ключ', `${APP}?code=abc&state=%D0%BA%D0%BB%D1%8E%D1%87`],
  ['an empty value, for the app to refuse', '?code=&state=s', `${APP}?code=&state=s`],
  ['a percent-encoded name', '?%63ode=abc&st%61te=s', `${APP}?code=abc&state=s`],
  ['a fragment, which stays behind', '?code=abc&state=s#state=evil&redirect=https://evil.example', `${APP}?code=abc&state=s`],
  // Far past what the app accepts (it refuses the link): not the page's to cut.
  ['very long values', `?code=${LONG_CODE}&state=${LONG_STATE}`, `${APP}?code=${LONG_CODE}&state=${LONG_STATE}`],
];

// Links without one answer from Zoom: the page opens nothing.
const refused = [
  ['no parameters', ''],
  ['a state alone', '?state=s'],
  ['other parameters alone', '?redirect=https://evil.example&next=myscihub://oauth/zoom/callback?code=evil'],
  ['code twice', '?code=abc&code=evil&state=s'],
  ['code twice, once empty', '?code=abc&state=s&code='],
  ['code twice, once percent-encoded', '?c%6Fde=evil&code=abc&state=s'],
  ['state twice', '?code=abc&state=s&state=evil'],
  ['error twice', '?error=access_denied&error=server_error'],
  ['a code and an error', '?code=abc&error=access_denied&state=s'],
];

let server;
let base;
let profile;
let context;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install the chromium package (make setup)`);
  // Long links too: Node's default cap on the request head is 16 KiB.
  server = http.createServer({ maxHeaderSize: 1 << 20 }, (request, response) => {
    if (new URL(request.url, 'http://127.0.0.1').pathname !== PAGE_PATH) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;

  profile = mkdtempSync(path.join(os.tmpdir(), 'myscihub-bounce-'));
  // Should this Chromium ever hand a myscihub:// link to the desktop, it finds an xdg-open that
  // opens nothing, not an installed MySciHub.
  const bin = path.join(profile, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'xdg-open'), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(bin, 'xdg-open'), 0o755);
  context = await chromium.launchPersistentContext(path.join(profile, 'data'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
});

after(async () => {
  await context?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (profile) rmSync(profile, { force: true, recursive: true });
});

/**
 * Opens the page with `query` and returns every navigation it asked for (CDP's
 * Page.frameRequestedNavigation: Chromium hands a custom scheme to the desktop, so no request to
 * it completes), every request the tab made, the dialogs it opened, and the page after it.
 */
async function open(query, { expectNavigation }) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const navigations = [];
  cdp.on('Page.frameRequestedNavigation', (event) => navigations.push(event.url));
  await cdp.send('Page.enable');
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });

  const url = `${base}${PAGE_PATH}${query}`;
  // The page never finishes loading when it forwards: its own navigation replaces the load.
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => document.readyState !== 'loading');
  // The script runs before DOMContentLoaded; its navigation reaches the browser a moment later.
  const until = Date.now() + (expectNavigation ? 5_000 : 1_000);
  while ((expectNavigation ? navigations.length === 0 : true) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { page, cdp, navigations, requests, dialogs, url };
}

async function button(page) {
  return page.$eval('#open', (a) => ({ href: a.getAttribute('href'), hidden: a.hidden }));
}

describe('the Zoom bounce page in Chromium', () => {
  for (const [what, query, target] of forwarded) {
    it(`forwards ${what}`, async () => {
      const { page, navigations, requests, dialogs } = await open(query, { expectNavigation: true });
      try {
        assert.deepEqual(navigations, [target]);
        assert.deepEqual(await button(page), { href: target, hidden: false });
        // It loads nothing but itself and leaves no code in the tab's address or history.
        assert.deepEqual(
          requests.filter((r) => r !== target).map((r) => new URL(r).origin + new URL(r).pathname),
          [`${base}${PAGE_PATH}`],
        );
        assert.equal(page.url(), `${base}${PAGE_PATH}`);
        assert.deepEqual(dialogs, []);
      } finally {
        await page.close();
      }
    });
  }

  it('sends its button to the same place', async () => {
    const target = `${APP}?code=abc123&state=st-1`;
    const { page, navigations } = await open('?code=abc123&state=st-1', { expectNavigation: true });
    try {
      await page.click('#open');
      const until = Date.now() + 5_000;
      while (navigations.length < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
      assert.deepEqual(navigations, [target, target]);
    } finally {
      await page.close();
    }
  });

  for (const [what, query] of refused) {
    it(`opens nothing for ${what}`, async () => {
      const { page, navigations, requests, dialogs } = await open(query, { expectNavigation: false });
      try {
        assert.deepEqual(navigations, []);
        assert.deepEqual(await button(page), { href: null, hidden: true });
        assert.equal(await page.isVisible('#refused'), true);
        assert.equal(await page.isVisible('#returning'), false);
        assert.deepEqual(requests, [`${base}${PAGE_PATH}${query}`]);
        assert.equal(page.url(), `${base}${PAGE_PATH}`);
        assert.deepEqual(dialogs, []);
      } finally {
        await page.close();
      }
    });
  }
});
