#!/usr/bin/env node
/**
 * e2e runner: runs the in-host mocha suite (out/test/e2e/suite/index.js) inside a real VS Code,
 * namely code-server 4.100.3 (VS Code 1.100.3) driven by Debian's Chromium through
 * playwright-core. Works offline; prepare the machine once with `bash scripts/setup-e2e.sh`.
 *
 *   node test/e2e/runInCodeServer.js [--grep TEXT] [--timeout SECONDS] [--headed] [--keep] [--if-available]
 *
 * --if-available: when code-server or Chromium is not installed on this machine, print a notice,
 * write { tier: 'e2e', skipped: '<reason>' } and exit 0 instead of failing (for `npm test` on
 * machines where scripts/setup-e2e.sh was not run).
 *
 * Flow: free port -> fresh .e2e/runs/<id>/{user-data,extensions,channel,artifacts} -> code-server
 * (env carries the results path and the channel dir to the extension host) -> Chromium opens
 * the workbench with payload extensionDevelopmentPath=<repo> + extensionTestsPath=<suite> ->
 * the suite writes its results file -> print results, write out/test-results/e2e.json, exit.
 * While the suite runs, this process answers requests from test/e2e/suite/runnerChannel.ts
 * (screenshots, webview DOM, key presses) with playwright.
 *
 * Exit codes: 0 all passed, 1 tests failed, 2 harness error (setup missing, timeout, crash).
 *
 * Environment:
 *   MEMORY_ATLAS_E2E_CACHE        where setup-e2e.sh put code-server (default ~/.cache/memory-atlas-e2e)
 *   MEMORY_ATLAS_CODE_SERVER      explicit path to code-server's package dir (overrides the cache)
 *   MEMORY_ATLAS_E2E_CHROMIUM     browser executable (default /usr/bin/chromium)
 *   MEMORY_ATLAS_E2E_TIMEOUT      overall timeout in seconds (default 360)
 *   MEMORY_ATLAS_E2E_GREP         only tests whose full title contains this (same as --grep)
 *   MEMORY_ATLAS_E2E_START_TIMEOUT seconds to wait for the suite to start (default 120)
 */
'use strict';
const fs = require('fs');
const path = require('path');
const net = require('net');
const http = require('http');
const os = require('os');
const { spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const CODE_SERVER_VERSION = '4.100.3';
const SUITE = path.join(ROOT, 'out', 'test', 'e2e', 'suite', 'index.js');
const WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'workspace');
const RESULTS_OUT = path.join(ROOT, 'out', 'test-results', 'e2e.json');
const E2E_DIR = path.join(ROOT, '.e2e');
const KEEP_RUNS = 3;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

// ---------------------------------------------------------------------------------------------
// arguments
const argv = process.argv.slice(2);
function argValue(name) {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}
const opts = {
  grep: argValue('--grep') ?? process.env.MEMORY_ATLAS_E2E_GREP ?? '',
  timeoutSec: Number(argValue('--timeout') ?? process.env.MEMORY_ATLAS_E2E_TIMEOUT ?? 360),
  headed: argv.includes('--headed'),
  keep: argv.includes('--keep'), // keep the run folder even when it is old
  ifAvailable: argv.includes('--if-available') || process.env.MEMORY_ATLAS_E2E_IF_AVAILABLE === '1',
};

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`e2e: ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class HarnessError extends Error {}
class NotInstalledError extends HarnessError {}

// ---------------------------------------------------------------------------------------------
// locating things
function findCodeServer() {
  const candidates = [];
  if (process.env.MEMORY_ATLAS_CODE_SERVER) candidates.push(process.env.MEMORY_ATLAS_CODE_SERVER);
  const cache = process.env.MEMORY_ATLAS_E2E_CACHE || path.join(os.homedir(), '.cache', 'memory-atlas-e2e');
  candidates.push(path.join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server'));
  for (const c of candidates) {
    const entry = path.join(c, 'out', 'node', 'entry.js');
    if (fs.existsSync(entry)) return { dir: c, entry };
  }
  throw new NotInstalledError(
    `code-server ${CODE_SERVER_VERSION} not found (looked in: ${candidates.join(', ')}).\n` +
      '    Run `bash scripts/setup-e2e.sh` once on this machine (needs root for apt the first time).',
  );
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

function prepareRunDir() {
  const runsDir = path.join(E2E_DIR, 'runs');
  fs.mkdirSync(runsDir, { recursive: true });
  // keep the last few runs for debugging, remove older ones
  if (!opts.keep) {
    const old = fs
      .readdirSync(runsDir)
      .map((n) => ({ n, t: fs.statSync(path.join(runsDir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t)
      .slice(KEEP_RUNS - 1);
    for (const o of old) fs.rmSync(path.join(runsDir, o.n), { recursive: true, force: true });
  }
  const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  const dir = path.join(runsDir, id);
  const d = {
    dir,
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    channel: path.join(dir, 'channel'),
    artifacts: path.join(dir, 'artifacts'),
    results: path.join(dir, 'results.json'),
    serverLog: path.join(dir, 'code-server.log'),
    browserLog: path.join(dir, 'browser-console.log'),
    config: path.join(dir, 'code-server-config.yaml'),
  };
  for (const k of ['userData', 'extensions', 'channel', 'artifacts']) fs.mkdirSync(d[k], { recursive: true });
  // .e2e/latest -> this run
  const latest = path.join(E2E_DIR, 'latest');
  try {
    fs.rmSync(latest, { force: true, recursive: false });
  } catch {
    /* a directory named latest: leave it */
  }
  try {
    fs.symlinkSync(path.relative(E2E_DIR, dir), latest);
  } catch {
    /* not important */
  }

  // Quiet, deterministic user settings.
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.enableExperiments': false,
    'workbench.settings.enableNaturalLanguageSearch': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'security.workspace.trust.startupPrompt': 'never',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'update.showReleaseNotes': false,
    'window.restoreWindows': 'none',
    'files.hotExit': 'off',
    'git.enabled': false,
    'git.autoRepositoryDetection': false,
    'npm.autoDetect': 'off',
    'typescript.tsserver.experimental.enableProjectDiagnostics': false,
    'chat.commandCenter.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
  };
  fs.mkdirSync(path.join(d.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(d.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // Our own config file, so code-server never creates ~/.config/code-server/config.yaml.
  fs.writeFileSync(d.config, 'auth: none\ncert: false\n');
  return d;
}

// ---------------------------------------------------------------------------------------------
// processes and cleanup
const state = { server: null, browser: null, serverExited: null, cleaning: null, runDir: null };

function killGroup(child, signal) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole process group (server, extension host, pty host...)
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

async function cleanup() {
  if (state.cleaning) return state.cleaning;
  state.cleaning = (async () => {
    if (state.browser) {
      const b = state.browser;
      state.browser = null;
      await Promise.race([b.close().catch(() => {}), sleep(5000)]);
    }
    const server = state.server;
    if (server) {
      killGroup(server, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (server.exitCode === null && server.signalCode === null && Date.now() < deadline) await sleep(100);
      killGroup(server, 'SIGKILL');
      // Stragglers of the group (the server may exit before its children)
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        /* group empty */
      }
    }
  })();
  return state.cleaning;
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\ne2e: ${sig}: stopping code-server and the browser...`);
    cleanup().finally(() => process.exit(130));
  });
}
process.on('exit', () => {
  // last resort, synchronous
  if (state.server) killGroup(state.server, 'SIGKILL');
});

async function startServer(cs, port, d, env) {
  const out = fs.openSync(d.serverLog, 'a');
  const args = [
    cs.entry,
    '--config', d.config,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', d.userData,
    '--extensions-dir', d.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--log', 'debug',
    WORKSPACE,
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    detached: true, // own process group, so cleanup can kill it with all its children
    stdio: ['ignore', out, out],
  });
  state.server = child;
  state.serverExited = new Promise((resolve) => child.on('exit', (code, sig) => resolve({ code, sig })));
  fs.closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new HarnessError(`code-server exited during start-up (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    if ((await httpStatus(`${url}/healthz`)) === 200) return url;
    await sleep(200);
  }
  throw new HarnessError('code-server did not answer /healthz within 60 s');
}

// ---------------------------------------------------------------------------------------------
// webviews: an outer <iframe class="webview"> (pre/index.html?id=..&extensionId=..&purpose=..)
// holding an inner iframe (#active-frame, fake.html) into which VS Code writes the extension's
// HTML. We find the outer element in the page and the content frame as its child frame.
const EXTENSION_ID = (() => {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    return `${pkg.publisher}.${pkg.name}`;
  } catch {
    return 'memory-atlas.memory-atlas';
  }
})();

async function describeWebviews(page) {
  const handles = await page.$$('iframe.webview');
  const views = [];
  for (const h of handles) {
    const url = (await h.getAttribute('src')) || '';
    let params;
    try {
      params = new URL(url, 'http://x').searchParams;
    } catch {
      params = new URLSearchParams();
    }
    const box = await h.boundingBox();
    const visible = !!box && box.width > 0 && box.height > 0 && (await h.isVisible());
    const outer = await h.contentFrame();
    let content = null;
    if (outer) {
      content = outer.childFrames().find((f) => f.name() === 'active-frame' || /fake\.html/.test(f.url())) || null;
      if (!content) content = outer.childFrames()[0] || null;
    }
    let title = null;
    if (content) title = await content.title().catch(() => null);
    views.push({
      handle: h,
      content,
      info: {
        url,
        extensionId: params.get('extensionId'),
        purpose: params.get('purpose'),
        visible,
        box,
        contentUrl: content ? content.url() : null,
        title,
      },
    });
  }
  return views;
}

async function findWebview(page, hint, timeoutMs = 10_000) {
  const want = hint || EXTENSION_ID;
  const deadline = Date.now() + timeoutMs;
  let seen = [];
  for (;;) {
    const views = await describeWebviews(page);
    seen = views.map((v) => v.info);
    const matching = views.filter(
      (v) =>
        want === '*' ||
        v.info.url.includes(want) ||
        (v.info.extensionId || '').includes(want) ||
        (v.info.title || '').includes(want),
    );
    const ready = matching.filter((v) => v.content);
    const pick = ready.find((v) => v.info.visible) || (ready.length === 1 ? ready[0] : null);
    if (pick) return pick;
    if (Date.now() > deadline) {
      throw new Error(
        `no visible webview matching "${want}" (webviews: ${JSON.stringify(seen.map((s) => ({ extensionId: s.extensionId, purpose: s.purpose, visible: s.visible, title: s.title })))})`,
      );
    }
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------
// runner channel: requests from test/e2e/suite/runnerChannel.ts
async function handleRequest(page, req) {
  switch (req.kind) {
    case 'ping':
      return { pong: true };
    case 'screenshot': {
      fs.mkdirSync(path.dirname(req.path), { recursive: true });
      if (req.target === 'webview') {
        const v = await findWebview(page, req.webview);
        await v.handle.screenshot({ path: req.path });
        const box = v.info.box || { width: 0, height: 0 };
        return { path: req.path, bytes: fs.statSync(req.path).size, width: Math.round(box.width), height: Math.round(box.height) };
      }
      await page.screenshot({ path: req.path, fullPage: !!req.fullPage });
      const vp = page.viewportSize() || { width: 0, height: 0 };
      return { path: req.path, bytes: fs.statSync(req.path).size, width: vp.width, height: vp.height };
    }
    case 'webviews':
      return (await describeWebviews(page)).map((v) => v.info);
    case 'webviewText': {
      const v = await findWebview(page, req.webview);
      return v.content.$$eval(req.selector, (els) => els.map((e) => e.textContent ?? ''));
    }
    case 'webviewHtml': {
      const v = await findWebview(page, req.webview);
      return v.content.$$eval(req.selector, (els) => els.map((e) => e.outerHTML));
    }
    case 'webviewClick': {
      const v = await findWebview(page, req.webview);
      await v.content.click(req.selector, { timeout: 10_000 });
      return null;
    }
    case 'webviewEval': {
      const v = await findWebview(page, req.webview);
      return v.content.evaluate((expr) => (0, eval)(expr), req.expression);
    }
    case 'workbenchText':
      return page.$$eval(req.selector, (els) => els.map((e) => e.textContent ?? ''));
    case 'workbenchHtml':
      return page.$$eval(req.selector, (els) => els.map((e) => e.outerHTML));
    case 'workbenchEval':
      return page.evaluate((expr) => (0, eval)(expr), req.expression);
    case 'workbenchClick':
      await page.click(req.selector, { timeout: 10_000 });
      return null;
    case 'keys':
      for (const k of req.keys) await page.keyboard.press(k);
      return null;
    case 'type':
      await page.keyboard.type(req.text, { delay: 10 });
      return null;
    default:
      throw new Error(`unknown request kind: ${req.kind}`);
  }
}

function startChannel(page, dir, logFile) {
  let stopped = false;
  let busy = false;
  const done = new Set();
  const tick = async () => {
    if (stopped || busy) return;
    busy = true;
    try {
      const files = fs.readdirSync(dir).filter((f) => f.startsWith('req-') && f.endsWith('.json')).sort();
      for (const f of files) {
        if (done.has(f)) continue;
        done.add(f);
        const file = path.join(dir, f);
        let req;
        let res;
        try {
          req = JSON.parse(fs.readFileSync(file, 'utf8'));
          const result = await handleRequest(page, req);
          res = { ok: true, result: result === undefined ? null : result };
        } catch (e) {
          res = { ok: false, error: e && e.message ? e.message : String(e) };
        }
        fs.rmSync(file, { force: true });
        const id = f.slice(4, -5);
        const out = path.join(dir, `res-${id}.json`);
        fs.writeFileSync(`${out}.tmp`, JSON.stringify(res));
        fs.renameSync(`${out}.tmp`, out);
        log(`  channel: ${req ? req.kind : '?'} -> ${res.ok ? 'ok' : `error: ${res.error}`}`);
        fs.appendFileSync(logFile, `${JSON.stringify(req)}\n  -> ${JSON.stringify(res).slice(0, 4000)}\n`);
      }
    } catch (e) {
      log(`channel error: ${e.message}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(tick, 100);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

// ---------------------------------------------------------------------------------------------
// logs for failures
function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

function tail(file, lines) {
  try {
    const text = fs.readFileSync(file, 'utf8').split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return '(unreadable)';
  }
}

function dumpLogs(d) {
  console.error('\ne2e: ---- diagnostics ----');
  const logs = listFiles(path.join(d.userData, 'logs')).filter((f) => /^(remote)?exthost\.log$|^remoteagent\.log$|^exthost\d*\.log$/i.test(path.basename(f)));
  for (const f of logs) {
    console.error(`\n---- ${path.relative(ROOT, f)} (last 80 lines) ----\n${tail(f, 80)}`);
  }
  console.error(`\n---- ${path.relative(ROOT, d.serverLog)} (last 60 lines) ----\n${tail(d.serverLog, 60)}`);
  console.error(`\n---- ${path.relative(ROOT, d.browserLog)} (last 60 lines) ----\n${tail(d.browserLog, 60)}`);
  console.error(`\ne2e: all logs of this run are in ${path.relative(ROOT, d.dir)}/ (also .e2e/latest/)`);
}

function writeTierResults(r) {
  fs.mkdirSync(path.dirname(RESULTS_OUT), { recursive: true });
  fs.writeFileSync(RESULTS_OUT, JSON.stringify({ tier: 'e2e', passes: r.passes, failures: r.failures, pending: r.pending }));
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const cs = findCodeServer();
  if (!fs.existsSync(SUITE)) {
    throw new HarnessError(`${path.relative(ROOT, SUITE)} not found: compile the tests first (npx tsc -p tsconfig.json)`);
  }
  if (!fs.existsSync(WORKSPACE)) throw new HarnessError(`fixture workspace missing: ${WORKSPACE}`);
  const chromiumPath = process.env.MEMORY_ATLAS_E2E_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(chromiumPath)) {
    throw new NotInstalledError(`${chromiumPath} not found: run \`bash scripts/setup-e2e.sh\` (installs Debian's chromium)`);
  }
  let playwright;
  try {
    playwright = require('playwright-core');
  } catch {
    throw new HarnessError('playwright-core is not installed (npm ci)');
  }

  const d = prepareRunDir();
  state.runDir = d;
  const port = await freePort();
  log(`run folder ${path.relative(ROOT, d.dir)}, port ${port}`);

  // The extension host inherits code-server's environment: that is how it learns where to
  // write results and where the runner channel is.
  const env = {
    ...process.env,
    MEMORY_ATLAS_E2E: '1',
    MEMORY_ATLAS_E2E_RESULTS: d.results,
    MEMORY_ATLAS_E2E_CHANNEL: d.channel,
    MEMORY_ATLAS_E2E_ARTIFACTS: d.artifacts,
    MEMORY_ATLAS_E2E_GREP: opts.grep,
  };
  delete env.VSCODE_IPC_HOOK_CLI; // when started from a VS Code terminal
  delete env.ELECTRON_RUN_AS_NODE;

  const url = await startServer(cs, port, d, env);
  log(`code-server ${CODE_SERVER_VERSION} up at ${url} (${elapsed()})`);

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p.split(path.sep).join('/')}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(SUITE)],
  ];
  const pageUrl = `${url}/?folder=${encodeURIComponent(WORKSPACE)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const browser = await playwright.chromium.launch({
    executablePath: chromiumPath,
    headless: !opts.headed,
    args: CHROMIUM_ARGS,
  });
  state.browser = browser;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const browserLog = fs.createWriteStream(d.browserLog);
  page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.stack || e.message}\n`));
  await page.goto(pageUrl, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  log(`workbench opened in Chromium (${elapsed()})`);

  const stopChannel = startChannel(page, d.channel, path.join(d.dir, 'channel.log'));
  const progressFile = `${d.results}.progress`;
  let progressPrinted = 0;
  let started = false;
  const printProgress = () => {
    if (!fs.existsSync(progressFile)) return;
    const lines = fs.readFileSync(progressFile, 'utf8').split('\n');
    // only complete lines
    const complete = lines.slice(0, -1);
    for (; progressPrinted < complete.length; progressPrinted++) {
      let ev;
      try {
        ev = JSON.parse(complete[progressPrinted]);
      } catch {
        continue;
      }
      if (ev.event === 'start') {
        started = true;
        log(`suite started inside VS Code ${ev.vscodeVersion} (${ev.appName}, ${ev.uiKind}) (${elapsed()})`);
      } else if (ev.event === 'test') {
        const mark = ev.state === 'passed' ? 'ok  ' : ev.state === 'pending' ? 'skip' : 'FAIL';
        log(`  ${mark} ${ev.title}${ev.durationMs ? ` (${ev.durationMs} ms)` : ''}`);
      }
    }
  };

  let results;
  try {
    const deadline = t0 + opts.timeoutSec * 1000;
    const startSec = Number(process.env.MEMORY_ATLAS_E2E_START_TIMEOUT || 120);
    const startDeadline = Date.now() + startSec * 1000;
    while (!fs.existsSync(d.results)) {
      printProgress();
      if (Date.now() > deadline) throw new HarnessError(`timed out after ${opts.timeoutSec} s waiting for the in-host suite`);
      if (!started && Date.now() > startDeadline) {
        throw new HarnessError(`the in-host suite did not start within ${startSec} s (extension host or extensionTestsPath failed to load? see logs below)`);
      }
      if (state.server.exitCode !== null || state.server.signalCode !== null) {
        throw new HarnessError(`code-server exited (code ${state.server.exitCode}, signal ${state.server.signalCode})`);
      }
      await sleep(200);
    }
    printProgress();
    results = JSON.parse(fs.readFileSync(d.results, 'utf8'));
  } catch (e) {
    // a last picture of the workbench helps to see what went wrong
    const shot = path.join(d.artifacts, 'failure-workbench.png');
    await Promise.race([page.screenshot({ path: shot }).catch(() => {}), sleep(5000)]);
    if (fs.existsSync(shot)) log(`workbench screenshot at failure: ${path.relative(ROOT, shot)}`);
    throw e;
  } finally {
    stopChannel();
    browserLog.end();
  }

  // report
  console.log('');
  log(`ran inside VS Code ${results.vscodeVersion} (${results.appName})`);
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? '  ok  ' : t.state === 'pending' ? '  skip' : '  FAIL';
    console.log(`${mark} ${t.title}`);
    if (t.state === 'failed' && t.error) console.log(t.error.replace(/^/gm, '         '));
  }
  if (results.error) console.log(`e2e: suite error: ${results.error}`);
  log(`${results.passes} passing, ${results.failures} failing, ${results.pending} pending (${elapsed()})`);
  log(`artifacts (screenshots): ${path.relative(ROOT, d.artifacts)}/`);
  writeTierResults(results);
  if (results.failures > 0 || results.error) {
    dumpLogs(d);
    return 1;
  }
  return 0;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (e) => {
    if (e instanceof NotInstalledError && opts.ifAvailable) {
      console.log(`e2e: SKIPPED (--if-available): ${e.message}`);
      fs.mkdirSync(path.dirname(RESULTS_OUT), { recursive: true });
      fs.writeFileSync(RESULTS_OUT, JSON.stringify({ tier: 'e2e', passes: 0, failures: 0, pending: 0, skipped: e.message.split('\n')[0] }));
      process.exit(0);
    }
    console.error(`\ne2e: ERROR: ${e && e.message ? e.message : e}`);
    if (!(e instanceof HarnessError) && e && e.stack) console.error(e.stack);
    if (state.runDir) dumpLogs(state.runDir);
    await cleanup();
    try {
      writeTierResults({ passes: 0, failures: 1, pending: 0 });
    } catch {
      /* ignore */
    }
    process.exit(2);
  });
