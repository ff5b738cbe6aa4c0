import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeExperiment, writeExperimentReport } from '../../src/index.js';
import { reportConfig as config, syntheticRuns } from '../support/syntheticRuns.js';

describe('experiment report: presentation', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'ablab-report-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('verdict blocks name the variants; tables have units, no index column, no "rows × columns" footer, and scroll in their box', () => {
    const analysis = analyzeExperiment({ config, runs: syntheticRuns(false) });
    const html = readFileSync(writeExperimentReport(analysis, join(dir, 'sequential')).html, 'utf8');
    const body = html.slice(html.indexOf('<body>'));
    expect(body).to.match(/<div class="verdict verdict-[\w-]+">\s*<div class="verdict-title"><b>dropout<\/b> vs <b>noDropout<\/b> \(baseline\)/);
    expect(body).not.to.match(/[Mm]odel A|rows ×|<th><\/th>/);
    expect(body).to.match(/<td>\+1\.\d\d pp<\/td>/); // difference in accuracy, percentage points
    expect(body).to.match(/<td>7\d\.\d\d%<\/td>/); // mean accuracy as a percentage
    expect(body).to.match(/<td>1\d\d\.\d s<\/td>/); // training time with its unit
    expect(body).to.contain('<td>0.123 ms</td>');
    expect(body).to.contain('<div class="ablab-table" style="overflow-x:auto');
    expect(body).to.contain('<h2>Environment</h2>').and.contain('0123456789ab');
    expect(body).not.to.contain('Timing caution'); // runs did not overlap
    expect(body).to.contain('+margin 0.005'); // labelled margin lines in the figures
  });

  it('runs that trained at the same time get a timing caution with the interval of the time difference', () => {
    const analysis = analyzeExperiment({ config, runs: syntheticRuns(true) });
    const html = readFileSync(writeExperimentReport(analysis, join(dir, 'parallel')).html, 'utf8');
    expect(html).to.match(/Timing caution\.<\/b> 10 of 10 runs trained while another run was training/);
    expect(html).to.match(/<li>dropout − noDropout: \+\d+\.\d s per run, 95% CI \[[+−]\d+\.\d+ s, \+\d+\.\d s\]<\/li>/);
  });
});
