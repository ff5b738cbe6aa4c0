import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeExperiment, writeExperimentReport } from '../../src/index.js';
import { reportConfig, syntheticRuns } from '../support/syntheticRuns.js';

const ROOT = join(__dirname, '..', '..');
const chromium = process.env.CHROMIUM ?? ['chromium', 'chromium-browser', 'google-chrome']
  .map((name) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim()).find(Boolean);

describe('scripts/check_report.sh (headless Chromium): catches what a reader of a standalone report would see', function () {
  this.timeout(180_000);
  let dir: string;
  before(function () {
    if (!chromium) this.skip(); // no browser on this machine: the check cannot run (CI images have Debian's chromium)
    dir = mkdtempSync(join(tmpdir(), 'ablab-check-report-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('passes the experiment report; fails an unstyled, a blank and a resource-loading copy, saying why', () => {
    const good = writeExperimentReport(analyzeExperiment({ config: reportConfig, runs: syntheticRuns(true) }), join(dir, 'exp')).html;
    // The broken copies leave out the inlined plotly.js (4.8 MB) to keep the test quick; their charts then fail too.
    const html = readFileSync(good, 'utf8').replace(/<script type="text\/javascript">[^]{1000000,}?<\/script><\/head>/, '</head>');
    const variants = {
      // Debian's classic nbconvert look: no stylesheet at all.
      unstyled: html.replace(/<style>[\s\S]*?<\/style>/g, ''),
      // Stylesheet present but nothing drawn.
      blank: html.replace(/<body>[\s\S]*<\/body>/, '<body><div class="ablab-table"></div></body>'),
      // What the classic template does: jQuery from file:///usr/share/javascript, plus a CDN image.
      external: html.replace('<head>', '<head><script src="file:///usr/share/javascript/jquery/jquery.min.js"></script><img src="https://cdn.example.com/x.png">'),
    };
    for (const [name, text] of Object.entries(variants)) writeFileSync(join(dir, `${name}.html`), text);
    const run = spawnSync('bash', [join(ROOT, 'scripts', 'check_report.sh'), '--screenshots', join(dir, 'shots'), good, ...Object.keys(variants).map((n) => join(dir, `${n}.html`))], { encoding: 'utf8' });
    const lines = run.stdout.trim().split('\n');
    expect(run.status, run.stdout + run.stderr).to.equal(1);
    expect(lines[0]).to.equal(`report OK   ${good}`);
    expect(lines[1]).to.match(/^report FAIL .*unstyled\.html: .*stylesheet did not apply.*browser default.*screenshot looks unstyled/);
    expect(lines[2]).to.match(/^report FAIL .*blank\.html: .*screenshot is blank/);
    expect(lines[3]).to.match(/^report FAIL .*external\.html: requests 2 resource\(s\) besides the page: file:\/\/\/usr\/share\/javascript\/jquery\/jquery\.min\.js, https:\/\/cdn\.example\.com\/x\.png/);
  });
});
