import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');

describe("notebook reports: the project's nbconvert template", function () {
  this.timeout(120_000);
  let dir: string;
  before(function () {
    const probe = spawnSync('bash', ['-c', 'source scripts/jupyter-env.sh && ablab_find_python'], { cwd: root, encoding: 'utf8' });
    if (probe.status !== 0) this.skip(); // no Jupyter: scripts/setup-jupyter.sh installs it
    dir = mkdtempSync(join(tmpdir(), 'ablab-template-'));
    const run = spawnSync(probe.stdout.trim(), ['scripts/run_notebooks.py', '--no-execute', '--report', dir, 'test/fixtures/notebooks/executed-report.ipynb'], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).to.equal(0);
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('inlines its stylesheet and loads nothing: no script src, no file:// or http resource, no prompts, no MathJax', () => {
    const html = readFileSync(join(dir, 'executed-report.html'), 'utf8');
    expect(html).to.contain('--ablab-report-style: applied');
    expect(html).not.to.match(/<script[^>]+src=|<link[^>]+href=|file:\/\/|https?:\/\/[^"'\s]*\.(js|css)|MathJax|require\.js|jquery/i);
    expect(html).not.to.contain('In&nbsp;[');
    expect(html).to.contain('a warning on stderr');
  });

  it('passes the headless Chromium check (styled, nothing requested, long lines wrap, wide table scrolls in its box); without wrapping it fails', function () {
    const chromium = process.env.CHROMIUM ?? ['chromium', 'chromium-browser', 'google-chrome']
      .map((name) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim()).find(Boolean);
    if (!chromium) this.skip();
    // The same page without the wrapping rule must fail: the check sees the long line leave the page.
    const good = join(dir, 'executed-report.html');
    const noWrap = join(dir, 'no-wrap.html');
    writeFileSync(noWrap, readFileSync(good, 'utf8').replace(/^pre \{ white-space: pre-wrap;[^}]*\}/m, 'pre { margin: 0; }'));
    const run = spawnSync('bash', ['scripts/check_report.sh', good, noWrap], { cwd: root, encoding: 'utf8' });
    const [first, second] = run.stdout.trim().split('\n');
    expect(first, run.stdout + run.stderr).to.equal(`report OK   ${good}`);
    expect(second).to.match(/^report FAIL .*no-wrap\.html: content runs \d+px off the page sideways/);
  });
});
