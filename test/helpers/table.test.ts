import { expect } from 'chai';
import * as dfd from 'danfojs';
import { InvalidArgumentError, loadDanfo, toDataFrame, toHtmlTable, toTextTable } from '../../src/index.js';

describe('tables', () => {
  it('renders a Danfo DataFrame as an escaped HTML table', () => {
    const df = new dfd.DataFrame({ model: ['<A>', 'B & C'], accuracy: [0.912345678, 0.9] });
    const html = toHtmlTable(df);
    expect(html).to.contain('<th>model</th><th>accuracy</th>');
    expect(html).to.contain('<td>&lt;A&gt;</td><td>0.912346</td>');
    expect(html).to.contain('<td>B &amp; C</td>');
    expect(html).not.to.contain('<A>');
    // Default index 0, 1: no index column, and no "2 rows × 2 columns" footer when nothing is elided.
    expect(html).to.contain('<thead><tr style="text-align: right;"><th>model</th>');
    expect(html).not.to.match(/rows ×|showing/);
    expect(html).to.match(/^<div class="ablab-table" style="overflow-x:auto/);
  });

  it('shows a meaningful index, and NaN, ±Infinity and dates as people read them', () => {
    const df = new dfd.DataFrame({ lift: [0.1, 0.2] }, { index: ['A', 'B'] });
    expect(toHtmlTable(df)).to.contain('<tr><th>A</th><td>0.1</td></tr>');
    const text = toTextTable([{ lift: NaN, low: -Infinity, high: Infinity, at: new Date(Date.UTC(2026, 10, 30, 12, 5, 9)) }]);
    expect(text.split('\n')[1].trim().split(/\s+/)).to.deep.equal(['–', '−∞', '∞', '2026-11-30', '12:05:09']);
    expect(text).not.to.match(/NaN|Infinity|"/);
  });

  it('builds Danfo DataFrames from row objects when danfojs is installed (a development dependency here)', () => {
    expect(loadDanfo()?.DataFrame).to.equal(dfd.DataFrame);
    const df = toDataFrame([{ seed: 1, accuracy: 0.91 }, { seed: 2, accuracy: 0.9 }]);
    expect(df).to.be.instanceOf(dfd.DataFrame);
    expect(df.columns).to.deep.equal(['seed', 'accuracy']);
    expect(toTextTable(df)).to.equal(toTextTable([{ seed: 1, accuracy: 0.91 }, { seed: 2, accuracy: 0.9 }]));
  });

  it('renders row objects as aligned text and elides long tables', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ run: i, value: i / 3 }));
    const text = toTextTable(rows, { maxRows: 4 });
    const lines = text.split('\n');
    expect(lines[0]).to.match(/^run\s+value$/);
    expect(lines).to.have.length(7); // header, 2 head rows, ellipsis, 2 tail rows, note
    expect(lines[3]).to.contain('…');
    expect(lines[5]).to.match(/^\s*99\s+33$/);
    expect(text).to.contain('[showing 4 of 100 rows]');
  });

  it('rejects what is not a table', () => {
    for (const bad of [42, 'table', null, { columns: 'x' }]) {
      expect(() => toTextTable(bad as never)).to.throw(InvalidArgumentError, /table/);
    }
  });
});
