import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createProgress, isLiveProgress, displayBundle, figureHtml, inNotebook, InvalidArgumentError, show, standaloneHtml } from '../../src/index.js';

describe('display outside a notebook', () => {
  it('knows it is not in a kernel and sends nothing', () => {
    expect(inNotebook()).to.equal(false);
    expect(displayBundle({ 'text/plain': 'x' })).to.equal(false);
  });

  it('show() writes a standalone HTML file with plotly.js inlined', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ablab-')), 'fig.html');
    const log = console.log;
    console.log = () => {};
    try {
      expect(show({ data: [{ type: 'bar', x: ['a'], y: [1] }], layout: { title: { text: 't' } } }, { file })).to.equal(file);
    } finally {
      console.log = log;
    }
    const html = readFileSync(file, 'utf8');
    expect(html).to.contain('<title>t</title>');
    expect(html.length).to.be.greaterThan(1e6); // plotly.js itself, no CDN
    expect(html).not.to.match(/<script[^>]+src=/);
  });

  it('embeds figure JSON safely inside <script>', () => {
    const html = figureHtml({ data: [{ type: 'bar', name: '</script><script>alert(1)</script>', y: [1] }] }, { id: 'p1' });
    expect(html).not.to.contain('</script><script>alert');
    expect(html).to.contain('\\u003c/script\\u003e');
    expect(standaloneHtml('a<b', ['<p>x</p>'])).to.contain('<title>a&lt;b</title>');
  });
});

describe('progress', () => {
  const capture = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d) => { text += d; });
    return { stream, text: () => text };
  };

  it('prints one line per step for short loops in logs', () => {
    const out = capture();
    const progress = createProgress(3, { label: 'runs', stream: out.stream, throttleMs: 0 });
    progress.tick(1, 'first');
    progress.tick();
    progress.tick();
    progress.finish();
    const lines = out.text().trim().split('\n');
    expect(lines[0]).to.match(/^runs: 1\/3 \(33%\) .* — first$/);
    expect(lines.at(-1)).to.match(/^runs: 3\/3 \(100%\)/);
  });

  it('in a log, each count is printed once: no line for message-only updates, none again on finish()', () => {
    const out = capture();
    const progress = createProgress(2, { label: 'runs', stream: out.stream });
    progress.update(0, 'epoch 1/3');
    progress.update(0, 'epoch 2/3');
    progress.tick(1, 'a done');
    progress.update(1, 'epoch 1/3');
    progress.tick(1, 'b done');
    progress.finish();
    const lines = out.text().trim().split('\n');
    expect(lines.map((l) => l.slice(0, 9))).to.deep.equal(['runs: 1/2', 'runs: 2/2']);
    expect(isLiveProgress(out.stream as { isTTY?: boolean })).to.equal(false);
    expect(isLiveProgress({ isTTY: true })).to.equal(true);
  });

  it('redraws in place on a terminal', () => {
    const out = capture();
    Object.assign(out.stream, { isTTY: true });
    const progress = createProgress(10, { label: 'epochs', stream: out.stream, throttleMs: 0 });
    progress.callback(5, 10);
    progress.finish();
    expect(out.text()).to.contain('\r[###############---------------] epochs: 5/10 (50%)');
    expect(out.text().endsWith('\n')).to.equal(true);
  });

  it('rejects a bad total', () => {
    for (const bad of [-1, 1.5, Number.NaN, '3']) expect(() => createProgress(bad as number)).to.throw(InvalidArgumentError, /total/);
  });
});
