import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../..');

describe('notebook runner', function () {
  this.timeout(120_000);

  before(function () {
    // The runner needs Jupyter and the registered kernel (scripts/setup-jupyter.sh, run by npm test).
    const probe = spawnSync('bash', ['-c', 'source scripts/jupyter-env.sh && ablab_find_python'], { cwd: root });
    if (probe.status !== 0) this.skip();
  });

  it('exits non-zero and shows the failing cell with its real error', () => {
    const run = spawnSync('bash', ['scripts/notebooks.sh', 'test/fixtures/notebooks/failing-cell.ipynb'], { cwd: root, encoding: 'utf8' });
    expect(run.status).to.equal(1);
    expect(run.stdout).to.match(/^FAIL test\/fixtures\/notebooks\/failing-cell\.ipynb/m);
    expect(run.stdout).to.contain('failing cell #1');
    expect(run.stdout).to.contain('const y = (undefined as any).foo; // boom');
    expect(run.stdout).to.contain("TypeError: Cannot read properties of undefined (reading 'foo')");
    expect(run.stdout).to.match(/^notebooks: 0 passed, 1 failed$/m);
  });
});
