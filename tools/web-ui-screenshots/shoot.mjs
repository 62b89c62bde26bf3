// Takes the chapter READMEs' Flink Web UI screenshots from real runs of the starters.
//
// For each shot in shots.json: starts the starter as its README says (./mvnw ... exec:exec
// -Dstarter=NAME) in a process group of its own, reads the Web UI address it prints, waits (by
// polling Flink's REST API) until the job shows what the README describes, opens the page in a
// headless Chromium, takes the screenshot, and stops the starter's whole process group. One starter
// at a time; nothing is left running, even on Ctrl+C or an error.
//
// Usage: node shoot.mjs [SHOT_ID ...]   (no id: every shot)
// Environment: CHROMIUM (default: chromium or chromium-browser on the PATH).

import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdirSync, statSync, createWriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SPEC = JSON.parse(readFileSync(path.join(HERE, 'shots.json'), 'utf8'));
const WEB_UI_LINE = /(http:\/\/127\.0\.0\.1:\d+)\/#\/job\/running\/([0-9a-f]{32})/;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (msg) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROMIUM=/path/to/it');
}

// --- the starter --------------------------------------------------------------------------------

/** Starts the starter in a new process group; resolves with its Web UI base and job id. */
function startStarter(shot, logFile) {
  const args = ['-q', '-pl', shot.module, '-am', 'compile', 'exec:exec', `-Dstarter=${shot.starter}`];
  log(`starting ./mvnw ${args.join(' ')}  (output: ${path.relative(ROOT, logFile)})`);
  const child = spawn('./mvnw', args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(logFile);
  const started = new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      out.write(chunk);
      seen += chunk.toString();
      const m = seen.match(WEB_UI_LINE);
      if (m) {
        child.stdout.off('data', onData);
        child.stdout.on('data', (c) => out.write(c));
        resolve({ base: m[1], jobId: m[2] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => out.write(c));
    child.on('exit', (code) =>
      reject(new Error(`the starter ended (exit ${code}) before printing its Web UI address; see ${logFile}`)));
  });
  return { child, started };
}

/** Whether a process of the group still runs (zombies do not count: they run nothing). */
function groupAlive(pgid) {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}

/** Stops the starter's whole process group (Maven, the forked JVM, anything they started). */
async function stopStarter(child) {
  const pgid = child.pid;
  if (!groupAlive(pgid)) return;
  process.kill(-pgid, 'SIGTERM');
  for (let i = 0; i < 100 && groupAlive(pgid); i++) await sleep(100);
  if (groupAlive(pgid)) {
    log(`process group ${pgid} still there after 10 s: SIGKILL`);
    process.kill(-pgid, 'SIGKILL');
    for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
  }
  if (groupAlive(pgid)) throw new Error(`could not stop process group ${pgid}`);
}

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });
}

// --- Flink's REST API ---------------------------------------------------------------------------

async function rest(base, p) {
  const res = await fetch(base + p);
  if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status}`);
  return res.json();
}

/** Waits until the job meets shot.waitFor; returns the job's REST description. */
async function waitForJob(base, jobId, waitFor, timeoutS) {
  const deadline = Date.now() + timeoutS * 1000;
  let last = '';
  let lastLogged = 0;
  while (Date.now() < deadline) {
    const job = await rest(base, `/jobs/${jobId}`);
    const finished = ['FINISHED', 'FAILED', 'CANCELED'].includes(job.state);
    let done = true;
    const status = [`state ${job.state}`];
    if (waitFor.runningSeconds !== undefined) {
      done &&= job.state === 'RUNNING' && job.duration >= waitFor.runningSeconds * 1000;
    }
    if (waitFor.completedCheckpoints !== undefined) {
      const cp = await rest(base, `/jobs/${jobId}/checkpoints`);
      status.push(`${cp.counts.completed} checkpoints`);
      done &&= cp.counts.completed >= waitFor.completedCheckpoints;
    }
    if (waitFor.finished) done = finished;
    if (done) return job;
    if (finished && !waitFor.finished) {
      throw new Error(`the job ended (${job.state}) before ${JSON.stringify(waitFor)}`);
    }
    const line = status.join(', ');
    if (line !== last || Date.now() - lastLogged > 10000) {
      log(`  waiting for ${JSON.stringify(waitFor)}: ${line}, ${Math.round(job.duration / 1000)} s`);
      last = line;
      lastLogged = Date.now();
    }
    await sleep(1000);
  }
  throw new Error(`timed out after ${timeoutS} s waiting for ${JSON.stringify(waitFor)}`);
}

function vertexId(job, nameContains) {
  const v = job.vertices.find((x) => x.name.includes(nameContains));
  if (!v) {
    throw new Error(`no vertex named like "${nameContains}"; vertices: ${job.vertices.map((x) => x.name).join(' | ')}`);
  }
  return v.id;
}

// --- the browser --------------------------------------------------------------------------------

async function settle(page) {
  await page.waitForNetworkIdle({ idleTime: 700, timeout: 20000 }).catch(() => {});
  // tables fade out while they load
  await page.waitForSelector('.ant-spin-blur, .ant-spin-spinning', { hidden: true, timeout: 20000 }).catch(() => {});
  await sleep(800); // Angular's and ng-zorro's animations
}

/** Clicks the job graph's box whose text contains `text`, as a learner does. */
async function clickNode(page, text) {
  await page.waitForSelector('g.node', { visible: true, timeout: 30000 });
  for (const node of await page.$$('g.node')) {
    if ((await node.evaluate((n) => n.textContent)).includes(text)) {
      await node.click();
      await settle(page);
      return;
    }
  }
  throw new Error(`no box in the job graph with "${text}"`);
}

/** Clicks the last visible element whose own text is exactly `text` (inner tabs come last). */
async function clickText(page, text) {
  const handles = await page.$$(`xpath/.//*[normalize-space(text())=${JSON.stringify(text)}]`);
  for (const h of handles.reverse()) {
    if (await h.isVisible()) {
      await h.click();
      await settle(page);
      return;
    }
  }
  throw new Error(`nothing visible to click with the text "${text}"`);
}

/** Expands the table row (its "+") whose own cells contain `rowText`, or the first one. */
async function expandRow(page, rowText) {
  // By icon, not by row: an expanded row's nested tables hold other rows' icons and texts.
  for (const icon of await page.$$('.ant-table-row-expand-icon')) {
    if (!(await icon.isVisible())) continue;
    const text = await icon.evaluate((i) => i.closest('tr').innerText);
    if (rowText === undefined || text.includes(rowText)) {
      await icon.click();
      await settle(page);
      return;
    }
  }
  throw new Error(`no expandable row ${rowText === undefined ? '' : `containing "${rowText}"`}`);
}

/** Opens the Web UI with the menu folded (so pages get the whole width), ready to navigate. */
async function openWebUi(browser, shot, base) {
  const page = await browser.newPage();
  const [width, height] = shot.window ?? SPEC.window;
  await page.setViewport({ width, height });
  await page.goto(`${base}/#/overview`, { waitUntil: 'networkidle2', timeout: 60000 });
  await page.waitForSelector('.anticon-menu-fold', { visible: true, timeout: 60000 });
  await page.click('.anticon-menu-fold');
  await page.waitForSelector('.anticon-menu-unfold', { visible: true });
  await sleep(500);
  return page;
}

async function shoot(page, shot, base, jobId, job) {
  let route;
  if (shot.page === 'taskmanager') {
    const tms = await rest(base, '/taskmanagers');
    route = `#/task-manager/${tms.taskmanagers[0].id}/${shot.tab ?? 'metrics'}`;
  } else {
    route = `#/job/running/${jobId}/${shot.page}`;
    if (shot.vertex) route += `/${vertexId(job, shot.vertex)}/${shot.vertexTab ?? 'detail'}`;
  }
  await page.evaluate((r) => {
    window.location.hash = r;
  }, route);
  if (shot.waitForSelector) await page.waitForSelector(shot.waitForSelector, { visible: true, timeout: 90000 });
  await settle(page);
  for (const step of shot.steps ?? []) {
    if (step.clickNode) await clickNode(page, step.clickNode);
    if (step.click) await clickText(page, step.click);
    if (step.expandRow !== undefined) await expandRow(page, step.expandRow === true ? undefined : step.expandRow);
    if (step.waitForSelector) await page.waitForSelector(step.waitForSelector, { visible: true, timeout: 30000 });
    if (step.scrollTo) {
      const [el] = await page.$$(`xpath/.//*[normalize-space(text())=${JSON.stringify(step.scrollTo)}]`);
      if (!el) throw new Error(`nothing to scroll to with the text "${step.scrollTo}"`);
      await el.evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await sleep(500);
    }
  }
  const file = path.join(ROOT, shot.output);
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  log(`  wrote ${shot.output} (${Math.round(statSync(file).size / 1024)} KB)`);
}

// --- main ---------------------------------------------------------------------------------------

async function runShot(browser, shot) {
  const logDir = path.join(HERE, 'logs');
  mkdirSync(logDir, { recursive: true });
  const { child, started } = startStarter(shot, path.join(logDir, `${shot.id}.log`));
  current = child;
  let port;
  let page;
  try {
    let timer;
    const { base, jobId } = await Promise.race([
      started,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no Web UI address after ${SPEC.startTimeoutSeconds} s`)),
          SPEC.startTimeoutSeconds * 1000,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    port = Number(new URL(base).port);
    log(`  job ${jobId} on ${base}`);
    page = await openWebUi(browser, shot, base);
    const job = await waitForJob(base, jobId, shot.waitFor, shot.timeoutSeconds ?? 180);
    if (shot.waitFor.finished === undefined && job.state !== 'RUNNING') {
      throw new Error(`the job is ${job.state} already`);
    }
    await shoot(page, shot, base, jobId, job).catch(async (e) => {
      const failed = path.join(HERE, 'logs', `${shot.id}-failed.png`);
      await page.screenshot({ path: failed }).catch(() => {});
      throw new Error(`${e.message} (the page then: ${path.relative(ROOT, failed)})`);
    });
    const after = await rest(base, `/jobs/${jobId}`);
    if (shot.waitFor.finished === undefined && after.state !== 'RUNNING') {
      log(`  note: the job was ${after.state} when the screenshot was taken`);
    }
  } finally {
    await page?.close().catch(() => {});
    await stopStarter(child);
    current = undefined;
    if (port !== undefined) {
      for (let i = 0; i < 50 && !(await portFree(port)); i++) await sleep(100);
      if (!(await portFree(port))) throw new Error(`port ${port} still answers after the starter stopped`);
    }
    log(`  stopped the starter${port === undefined ? '' : `; port ${port} is free`}`);
  }
}

let current;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (current) await stopStarter(current).catch(() => {});
    process.exit(130);
  });
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((id) => !SPEC.shots.some((s) => s.id === id));
if (unknown.length) {
  console.error(`Unknown shot ${unknown.join(', ')}. Shots: ${SPEC.shots.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
const shots = wanted.length ? SPEC.shots.filter((s) => wanted.includes(s.id)) : SPEC.shots;
const browser = await puppeteer.launch({
  executablePath: chromiumPath(),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-breakpad', '--disable-crash-reporter'],
});
const t0 = Date.now();
const failed = [];
try {
  for (const shot of shots) {
    log(`${shot.id}: ${shot.module} ${shot.starter}`);
    try {
      await runShot(browser, shot);
    } catch (e) {
      log(`  FAILED: ${e.message}`);
      failed.push(shot.id);
    }
  }
} finally {
  await browser.close();
}
log(`${shots.length - failed.length} of ${shots.length} shots in ${Math.round((Date.now() - t0) / 1000)} s`);
if (failed.length) {
  console.error(`Failed: ${failed.join(', ')} (logs in ${path.relative(ROOT, path.join(HERE, 'logs'))})`);
}
process.exit(failed.length ? 1 : 0);
