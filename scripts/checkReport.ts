/**
 * Opens standalone HTML reports in headless Chromium (DevTools protocol) with the network cut off,
 * and checks what a reader would see:
 *  - no resource is requested besides the page itself (no file://, http(s):// — inline data: only);
 *  - the project's stylesheet applied (its sentinel custom property is computed on :root, and the
 *    body font is not the browser default serif);
 *  - nothing runs off the page sideways (long lines wrap, wide tables scroll inside their box);
 *  - every Plotly chart was drawn;
 *  - a screenshot of the first screen is neither blank (some ink) nor unstyled (pixels of the
 *    stylesheet's own rule/code colours are painted).
 * usage: node --experimental-websocket --import tsx scripts/checkReport.ts [--screenshots DIR] REPORT.html...
 * Prints one OK/FAIL line per report with the reasons; exits 1 if any fails, 2 without Chromium.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Colours only the project's stylesheets paint (rules, code and verdict backgrounds), as r,g,b. */
const STYLE_COLOURS = ['209,217,224', '246,248,250'];
const VIEWPORT = { width: 1280, height: 900 };

interface Message { id?: number; method?: string; params?: Record<string, any>; result?: Record<string, any>; error?: { message: string }; sessionId?: string }

function findChromium(): string | null {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0) return found.stdout.trim();
  }
  return null;
}

/** Starts Chromium with remote debugging on a free port; resolves with its browser WebSocket URL. */
function launch(chromium: string, profile: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-background-networking',
    '--disable-component-update', '--hide-scrollbars', `--user-data-dir=${profile}`, '--proxy-server=127.0.0.1:9', "--proxy-bypass-list=<-loopback>",
    '--remote-debugging-port=0', 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  // Chromium runs helper processes (zygote, renderers) in its process group: signal the whole group.
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group has already exited
    }
  };
  return new Promise((resolvePromise, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${err.slice(-500)}`)), 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolvePromise({
          url: match[1],
          // Resolves once Chromium has exited, so its profile folder can be removed.
          stop: () => new Promise<void>((done) => {
            child.once('exit', () => { signalGroup('SIGKILL'); setTimeout(done, 200); });
            signalGroup('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${err.slice(-500)}`)));
  });
}

class Cdp {
  private next = 1;
  private pending = new Map<number, { resolve: (r: any) => void; reject: (e: Error) => void }>();
  readonly events: Message[] = [];
  private listeners: ((m: Message) => void)[] = [];
  constructor(private socket: WebSocket) {
    socket.addEventListener('message', (event: MessageEvent) => {
      const message = JSON.parse(String(event.data)) as Message;
      if (message.id !== undefined) {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(message.error.message));
        else waiter?.resolve(message.result);
      } else {
        this.events.push(message);
        for (const listener of this.listeners) listener(message);
      }
    });
  }
  static open(url: string): Promise<Cdp> {
    const socket = new WebSocket(url);
    return new Promise((res, rej) => {
      socket.addEventListener('open', () => res(new Cdp(socket)));
      socket.addEventListener('error', () => rej(new Error(`cannot connect to ${url}`)));
    });
  }
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<any> {
    const id = this.next++;
    this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolvePromise, reject) => this.pending.set(id, { resolve: resolvePromise, reject }));
  }
  waitFor(method: string, timeoutMs: number): Promise<void> {
    return new Promise((resolvePromise) => {
      const timer = setTimeout(resolvePromise, timeoutMs);
      this.listeners.push((m) => { if (m.method === method) { clearTimeout(timer); resolvePromise(); } });
    });
  }
  close(): void { this.socket.close(); }
}

/** Evaluates an expression in the page and returns its value (awaiting promises). */
async function evaluate<T>(cdp: Cdp, session: string, expression: string): Promise<T> {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, session);
  if (exceptionDetails) throw new Error(`page evaluation failed: ${JSON.stringify(exceptionDetails).slice(0, 300)}`);
  return result.value as T;
}

async function checkReport(cdp: Cdp, file: string, screenshots: string | null): Promise<string[]> {
  const pageUrl = pathToFileURL(resolve(file)).href;
  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
  const problems: string[] = [];
  try {
    await cdp.send('Network.enable', {}, sessionId);
    await cdp.send('Page.enable', {}, sessionId);
    await cdp.send('Emulation.setDeviceMetricsOverride', { ...VIEWPORT, deviceScaleFactor: 1, mobile: false }, sessionId);
    const firstEvent = cdp.events.length;
    const loaded = cdp.waitFor('Page.loadEventFired', 30_000);
    await cdp.send('Page.navigate', { url: pageUrl }, sessionId);
    await loaded;
    // Charts draw after load (plotly.js is inlined); give them up to 15 s.
    const plots = await evaluate<{ divs: number; drawn: number }>(cdp, sessionId, `new Promise((done) => {
      const count = () => ({ divs: document.querySelectorAll('.plotly-graph-div').length, drawn: document.querySelectorAll('.plotly-graph-div .main-svg').length > 0 ? [...document.querySelectorAll('.plotly-graph-div')].filter((d) => d.querySelector('.main-svg')).length : 0 });
      const started = Date.now();
      (function poll() { const c = count(); if (c.drawn >= c.divs || Date.now() - started > 15000) done(c); else setTimeout(poll, 100); })();
    })`);
    const external = cdp.events.slice(firstEvent)
      .filter((e) => e.sessionId === sessionId && e.method === 'Network.requestWillBeSent')
      .map((e) => String(e.params!.request.url))
      .filter((url) => url !== pageUrl && !/^(data|blob|about|javascript):/.test(url));
    if (external.length > 0) problems.push(`requests ${external.length} resource(s) besides the page: ${[...new Set(external)].slice(0, 5).join(', ')}`);
    const page = await evaluate<{ sentinel: string; font: string; overflow: number; text: number }>(cdp, sessionId, `({
      sentinel: getComputedStyle(document.documentElement).getPropertyValue('--ablab-report-style').trim(),
      font: getComputedStyle(document.body).fontFamily,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      text: document.body.innerText.trim().length,
    })`);
    if (page.sentinel !== 'applied') problems.push('the project stylesheet did not apply (--ablab-report-style not computed on :root)');
    if (/^\s*"?(Times|serif)/i.test(page.font)) problems.push(`body font is the browser default (${page.font})`);
    if (page.overflow > 1) problems.push(`content runs ${page.overflow}px off the page sideways (a line or table that neither wraps nor scrolls in its box)`);
    if (page.text === 0) problems.push('the page has no text');
    if (plots.drawn < plots.divs) problems.push(`${plots.divs - plots.drawn} of ${plots.divs} chart(s) not drawn`);

    const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', clip: { x: 0, y: 0, ...VIEWPORT, scale: 1 } }, sessionId);
    if (screenshots) {
      mkdirSync(screenshots, { recursive: true });
      writeFileSync(join(screenshots, `${basename(file, '.html')}.png`), Buffer.from(data, 'base64'));
    }
    // Pixel statistics of the screenshot, decoded by the browser itself (no image library here).
    const pixels = await evaluate<{ ink: number; styled: number; total: number }>(cdp, sessionId, `new Promise((done) => {
      const image = new Image();
      image.onload = () => {
        const canvas = document.createElement('canvas');
        canvas.width = image.width; canvas.height = image.height;
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0);
        const rgba = context.getImageData(0, 0, image.width, image.height).data;
        const styleColours = new Set(${JSON.stringify(STYLE_COLOURS)});
        let ink = 0, styled = 0;
        for (let i = 0; i < rgba.length; i += 4) {
          if (rgba[i] < 200 || rgba[i + 1] < 200 || rgba[i + 2] < 200) ink++;
          if (styleColours.has(rgba[i] + ',' + rgba[i + 1] + ',' + rgba[i + 2])) styled++;
        }
        done({ ink, styled, total: rgba.length / 4 });
      };
      image.src = 'data:image/png;base64,${data}';
    })`);
    if (pixels.ink < 0.002 * pixels.total) problems.push(`screenshot is blank (${pixels.ink} dark pixels of ${pixels.total})`);
    if (pixels.styled < 500) problems.push(`screenshot looks unstyled (${pixels.styled} pixels of the stylesheet's rule/code colours)`);
    return problems;
  } finally {
    await cdp.send('Target.closeTarget', { targetId });
  }
}

async function main(argv: string[]): Promise<number> {
  let screenshots: string | null = null;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--screenshots') screenshots = argv[++i];
    else files.push(argv[i]);
  }
  if (files.length === 0) {
    console.error('usage: checkReport.ts [--screenshots DIR] REPORT.html...');
    return 2;
  }
  const chromium = findChromium();
  if (!chromium) {
    console.error('check_report: no Chromium found (set CHROMIUM=...)');
    return 2;
  }
  const profile = mkdtempSync(join(tmpdir(), 'ablab-check-report-'));
  const browser = await launch(chromium, profile);
  let failed = 0;
  try {
    const cdp = await Cdp.open(browser.url);
    for (const file of files) {
      const problems = await checkReport(cdp, file, screenshots);
      if (problems.length === 0) console.log(`report OK   ${file}`);
      else {
        failed++;
        console.log(`report FAIL ${file}: ${problems.join('; ')}`);
      }
    }
    cdp.close();
  } finally {
    await browser.stop();
    // Chromium's helper processes can still be writing into the profile after the browser exits: retry.
    rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  }
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: Error) => {
  console.error(`check_report: ${error.message}`);
  process.exitCode = 2;
});
