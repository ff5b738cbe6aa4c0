import { cohensD, pairedTTest, Random, tInterval, tTestPower, welchTTest } from '../../../src/index.js';
import { expectWithinBinomialBand } from '../../support/close.js';

const REPS = 2000;

function normalSample(random: Random, n: number, mean: number, sd: number): number[] {
  return Array.from({ length: n }, () => mean + sd * random.normal());
}

/** Counts how often `event` happens over REPS seeded replications. */
function countEvents(seed: number, event: (random: Random) => boolean): number {
  const random = new Random(seed);
  let count = 0;
  for (let rep = 0; rep < REPS; rep++) if (event(random)) count++;
  return count;
}

// Monte Carlo checks of calibration: rates must fall within 4 binomial standard errors.
describe('t procedures: calibration under simulation', () => {
  it('paired t-test rejects about 5% of the time under the null (correlated pairs, n = 10)', () => {
    const rejections = countEvents(11, (random) => {
      const shared = normalSample(random, 10, 0.9, 0.05);
      const a = shared.map((v) => v + 0.01 * random.normal());
      const b = shared.map((v) => v + 0.01 * random.normal());
      return pairedTTest(a, b).pValue < 0.05;
    });
    expectWithinBinomialBand(rejections, REPS, 0.05, 4, 'paired');
  });

  it('Welch t-test keeps its level with unequal variances and sizes (one-sided)', () => {
    const rejections = countEvents(12, (random) =>
      welchTTest(normalSample(random, 8, 0, 1), normalSample(random, 15, 0, 3), { alternative: 'greater' }).pValue < 0.05);
    expectWithinBinomialBand(rejections, REPS, 0.05, 4, 'welch');
  });

  it('t interval covers the true mean about 95% of the time (n = 6)', () => {
    const covered = countEvents(13, (random) => {
      const ci = tInterval(normalSample(random, 6, 2, 0.5));
      return ci.lower <= 2 && 2 <= ci.upper;
    });
    expectWithinBinomialBand(covered, REPS, 0.95, 4, 'coverage');
  });

  it("Cohen's d noncentral-t interval covers the true d about 90% of the time", () => {
    const covered = countEvents(14, (random) => {
      const ci = cohensD(normalSample(random, 7, 0.8, 1), normalSample(random, 9, 0, 1), { confidenceLevel: 0.9 }).ci;
      return ci.lower <= 0.8 && 0.8 <= ci.upper;
    });
    expectWithinBinomialBand(covered, REPS, 0.9, 4, 'd coverage');
  });
});

describe('tTestPower agrees with simulated power', () => {
  it('paired design, d_z = 0.6, n = 15', () => {
    const power = tTestPower({ effectSize: 0.6, n: 15, design: 'paired' });
    const rejections = countEvents(15, (random) => {
      const b = normalSample(random, 15, 0, 1);
      return pairedTTest(b.map((v) => v + 0.6 + random.normal()), b).pValue < 0.05;
    });
    // Differences are N(0.6, 1): d_z = 0.6 exactly.
    expectWithinBinomialBand(rejections, REPS, power, 4, 'power');
  });
});
