#!/usr/bin/env node
// Stands in for the system browser (MYSCIHUB_BROWSER): follows Zoom's redirects — the sandbox
// approves at once — to wherever they lead. A loopback address is the app itself; a
// myscihub:// link goes back the way the OS hands it over, by starting a second `myscihub`
// with the link as its only argument.
import { spawn } from 'node:child_process';

let url = process.argv[2];
// Which Zoom user signs in at the auto-approving sandbox (by default its first).
if (process.env.MYSCIHUB_LOGIN_HINT) {
  const authorize = new URL(url);
  authorize.searchParams.set('login_hint', process.env.MYSCIHUB_LOGIN_HINT);
  url = authorize.href;
}
for (let hop = 0; hop < 5; hop += 1) {
  if (url.startsWith('myscihub:')) {
    spawn(process.env.MYSCIHUB_APP, [url], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 1));
    break;
  }
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (!location) process.exit(response.ok ? 0 : 1);
  url = new URL(location, url).href;
}
