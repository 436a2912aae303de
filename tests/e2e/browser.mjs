#!/usr/bin/env node
// Stands in for the system browser (MYSCIHUB_BROWSER): follows Zoom's redirects — the sandbox
// approves at once — and hands the myscihub:// link back the way the OS does, by starting a
// second `myscihub` with the link as its only argument.
import { spawn } from 'node:child_process';

let url = process.argv[2];
for (let hop = 0; hop < 5 && !url.startsWith('myscihub:'); hop += 1) {
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (!location) throw new Error(`no redirect from ${new URL(url).pathname}: HTTP ${response.status}`);
  url = new URL(location, url).href;
}
spawn(process.env.MYSCIHUB_APP, [url], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 1));
