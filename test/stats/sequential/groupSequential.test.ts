import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AblabError, groupSequentialBounds, InvalidArgumentError, normalPdf, sequentialDecision, type GroupSequentialOptions } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';

const read = (file: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures/sequential', file), 'utf8'));

interface RpactDesign {
  spending: GroupSequentialOptions['spending'];
  sides: 1 | 2;
  alpha: number;
  informationFractions: number[];
  rho?: number;
  criticalValues: (number | null)[];
  alphaSpent: number[];
}

describe('groupSequentialBounds', () => {
  // rpact 3.3.4 getDesignGroupSequential (test/fixtures/sequential/generate_sequential.R → sequential.json):
  // K = 1..10 equally spaced and 4 unequal spacings, one- and two-sided, asOF/asP/asKD/OF/P.
  const { designs } = read('sequential.json') as { designs: RpactDesign[] };
  it(`matches rpact's critical values and alpha spent on ${designs.length} designs`, () => {
    for (const d of designs) {
      const label = `${d.spending} sides=${d.sides} alpha=${d.alpha} t=${d.informationFractions}`;
      const { looks } = groupSequentialBounds({ informationFractions: d.informationFractions, alpha: d.alpha, sides: d.sides, spending: d.spending, rho: d.rho });
      looks.forEach((look, k) => {
        const expected = d.criticalValues[k];
        // rpact writes Inf where the spent alpha underflows its cap of 8; ours is finite and beyond.
        if (expected === null) return expect(look.zBoundary, label).to.be.greaterThan(8);
        // rpact solves to 1e-8 in alpha, which fixes b only to 1e-8/density: loose where little is spent
        // (those looks are checked against exact quadrature below). Elsewhere agreement is ≤ 5e-7; the
        // worst case (asP, t = 0.05…1, look 6) is rpact's error: our grid converges to 1e-9 there.
        expectClose(look.zBoundary, expected, 5e-7, 1.2e-8 / (d.sides * normalPdf(expected)), `${label} look ${k + 1}`);
        expectClose(look.cumulativeAlphaSpent, d.alphaSpent[k], 0, 2e-8, `${label} alpha spent ${k + 1}`);
      });
    }
  });

  // scipy adaptive quadrature of the two-look crossing integral, b2 to ~1e-12
  // (test/fixtures/sequential/generate_sequential_exact.py → exact.json).
  const exact = read('exact.json') as { spending: RpactDesign['spending']; alpha: number; sides: 1 | 2; rho?: number; fractions: number[]; bounds: number[] }[];
  it('agrees with high-precision quadrature for two looks (default grid 5e-8, fine grid 2e-9)', () => {
    for (const c of exact) {
      // Look 2 depends only on looks 1 and 2; a final look at t = 1 completes the design.
      const fractions = c.fractions[1] < 1 ? [...c.fractions, 1] : c.fractions;
      const options = { informationFractions: fractions, alpha: c.alpha, sides: c.sides, spending: c.spending, rho: c.spending === 'powerFamily' ? c.rho : undefined };
      const coarse = groupSequentialBounds(options).looks;
      const fine = groupSequentialBounds({ ...options, gridResolution: 96 }).looks;
      c.bounds.forEach((b, k) => {
        expectClose(coarse[k].zBoundary, b, 5e-8, 0, `${c.spending} ${c.fractions} look ${k + 1}`);
        expectClose(fine[k].zBoundary, b, 2e-9, 0, `${c.spending} ${c.fractions} look ${k + 1} (r = 96)`);
      });
    }
  });

  // Independent computation: Gauss–Legendre panels on the score scale, refined to the kernel widths and
  // checked against a second pass at twice the resolution to 1e-9
  // (test/fixtures/sequential/generate_sequential_many_looks.py → many_looks.json).
  type ReferenceCase = {
    /** null: the spent increment underflows to 0, no stopping at that look. */
    label: string; informationFractions: number[]; alpha: number; sides: 1 | 2; spending: RpactDesign['spending']; rho?: number; bounds: (number | null)[];
  };
  const expectReferenceBounds = (cases: ReferenceCase[]) => {
    for (const c of cases) {
      const { looks } = groupSequentialBounds({ informationFractions: c.informationFractions, alpha: c.alpha, sides: c.sides, spending: c.spending, rho: c.rho });
      c.bounds.forEach((b, k) => {
        // Looks spending below ~1e-12 (bounds beyond 7) are outside the reference's own accuracy.
        if (b === null) expect(looks[k].zBoundary, `${c.label} look ${k + 1}`).to.equal(Infinity);
        else if (b < 7) expectClose(looks[k].zBoundary, b, 1e-300, 1e-6, `${c.label} look ${k + 1}`);
      });
    }
  };
  const manyLooks = read('many_looks.json').cases as ReferenceCase[];
  it(`stays within 1e-6 of converged bounds for closely spaced and many looks (${manyLooks.map((c) => c.informationFractions.length).join(', ')} looks)`, () => {
    expectReferenceBounds(manyLooks);
    // The case: 2.0509 on the fixed grid, 2.0184 converged.
    const closeLooks = groupSequentialBounds({ informationFractions: [0.5, 0.5001, 0.5002, 1], alpha: 0.05, sides: 2, spending: 'powerFamily', rho: 2 });
    expectClose(closeLooks.looks[3].zBoundary, 2.0183744633766882, 1e-300, 1e-6, 'three close looks, final bound');
  });

  // Same generator, 500 looks: equally spaced and at (k/500)², 1 − (1 − k/500)²; power family and
  // O'Brien–Fleming type; one- and two-sided (many_looks_500.json). Before the grid stopped at |z| = 10,
  // one-sided designs grew a spurious mass in the unrefined lower tail (×6.7 per look): the last bound of
  // 500 equally spaced one-sided O'Brien–Fleming looks came out −13.74 instead of 2.2158.
  const fiveHundred = read('many_looks_500.json').cases as ReferenceCase[];
  it(`stays within 1e-6 of converged bounds at 500 looks (${fiveHundred.length} designs)`, () => {
    expect(fiveHundred.map((c) => c.informationFractions.length)).to.deep.equal(fiveHundred.map(() => 500));
    expectReferenceBounds(fiveHundred);
  });

  it("reproduces Jennison & Turnbull's Tables 2.1 (Pocock C_P) and 2.3 (O'Brien–Fleming C_B) to 3 decimals", () => {
    // Two-sided, K = 1..10; C_B is the last-look boundary of the classic O'Brien–Fleming design.
    const tables: Record<string, Record<number, number[]>> = {
      classicPocock: {
        0.05: [1.960, 2.178, 2.289, 2.361, 2.413, 2.453, 2.485, 2.512, 2.535, 2.555],
        0.01: [2.576, 2.772, 2.873, 2.939, 2.986, 3.023, 3.053, 3.078, 3.099, 3.117],
      },
      classicObrienFleming: {
        0.05: [1.960, 1.977, 2.004, 2.024, 2.040, 2.053, 2.063, 2.072, 2.080, 2.087],
        0.01: [2.576, 2.580, 2.595, 2.609, 2.621, 2.631, 2.640, 2.648, 2.654, 2.660],
      },
    };
    for (const [spending, byAlpha] of Object.entries(tables)) {
      for (const [alpha, constants] of Object.entries(byAlpha)) {
        constants.forEach((c, i) => {
          const { looks } = groupSequentialBounds({ looks: i + 1, alpha: Number(alpha), sides: 2, spending: spending as 'classicPocock' });
          expectClose(looks[i].zBoundary, c, 0, 5e-4, `${spending} alpha=${alpha} K=${i + 1}`);
        });
      }
    }
  });

  it('classic designs spend exactly alpha; spending designs report the spending function', () => {
    const classic = groupSequentialBounds({ looks: 4, alpha: 0.05, sides: 2, spending: 'classicObrienFleming' });
    expectClose(classic.looks[3].cumulativeAlphaSpent, 0.05, 1e-10);
    classic.looks.forEach((l) => expectClose(l.zBoundary * Math.sqrt(l.informationFraction), classic.looks[3].zBoundary, 1e-12));
    const power = groupSequentialBounds({ informationFractions: [0.5, 1], alpha: 0.025, sides: 1, spending: 'powerFamily', rho: 2 });
    expect(power.rho).to.equal(2);
    expectClose(power.looks[0].cumulativeAlphaSpent, 0.025 * 0.25, 1e-15);
    expectClose(power.looks[0].zBoundary, 2.4977054744123865, 1e-13); // z_{1−0.00625} (scipy norm.isf)
    expectClose(power.looks[0].incrementalAlpha, 0.00625, 1e-10);
    expectClose(power.looks[1].incrementalAlpha, 0.025 - 0.00625, 1e-9);
  });

  it('two-sided at alpha nearly equals one-sided at alpha/2 (they differ by paths crossing both boundaries)', () => {
    const one = groupSequentialBounds({ looks: 5, alpha: 0.025, sides: 1, spending: 'pocock' }).looks;
    const two = groupSequentialBounds({ looks: 5, alpha: 0.05, sides: 2, spending: 'pocock' }).looks;
    one.forEach((l, k) => {
      expectClose(two[k].zBoundary, l.zBoundary, 2e-5);
      expectClose(two[k].nominalPValue, l.nominalPValue, 2e-4);
    });
  });

  it('refuses looks closer than 1e-8 relative, which would need millions of grid points', () => {
    expect(() => groupSequentialBounds({ informationFractions: [0.5, 0.5 + 1e-10, 1], sides: 2, spending: 'pocock' }))
      .to.throw(InvalidArgumentError, /informationFractions\[1\].*merge the two looks/);
  });

  it('rejects bad designs with typed errors naming the argument', () => {
    const base = { looks: 3, sides: 2, spending: 'obrienFleming' } as GroupSequentialOptions;
    const bad: [Partial<GroupSequentialOptions> | null, string][] = [
      [null, 'options'],
      [{ looks: undefined }, 'options.looks'],
      [{ looks: 0 }, 'options.looks'],
      [{ looks: 2.5 }, 'options.looks'],
      [{ looks: 2, informationFractions: [0.5, 0.8, 1] }, 'options.looks'],
      [{ looks: undefined, informationFractions: [0.5, 0.4, 1] }, 'options.informationFractions[1]'],
      [{ looks: undefined, informationFractions: [0, 1] }, 'options.informationFractions[0]'],
      [{ looks: undefined, informationFractions: [0.5, NaN] }, 'options.informationFractions[1]'],
      [{ looks: undefined, informationFractions: [0.3, 0.9] }, 'options.informationFractions'],
      [{ alpha: 0 }, 'options.alpha'],
      [{ alpha: 1 }, 'options.alpha'],
      [{ alpha: NaN }, 'options.alpha'],
      [{ alpha: 0.5, sides: 1 }, 'options.alpha'],
      [{ sides: 3 as 1 }, 'options.sides'],
      [{ spending: 'haybittle' as 'pocock' }, 'options.spending'],
      [{ spending: undefined }, 'options.spending'],
      [{ spending: 'powerFamily' }, 'options.rho'],
      [{ spending: 'powerFamily', rho: -1 }, 'options.rho'],
      [{ rho: 2 }, 'options.rho'],
      [{ gridResolution: 2 }, 'options.gridResolution'],
    ];
    for (const [change, argument] of bad) {
      const options = change === null ? null : { ...base, ...change };
      expect(() => groupSequentialBounds(options as GroupSequentialOptions), argument)
        .to.throw(InvalidArgumentError).with.property('argument', argument);
    }
    expect(() => groupSequentialBounds({ ...base, looks: undefined, informationFractions: [] }))
      .to.throw(AblabError).with.property('argument', 'options.informationFractions');
  });
});

describe('sequentialDecision', () => {
  const twoSided = groupSequentialBounds({ looks: 3, sides: 2, spending: 'obrienFleming' });
  const oneSided = groupSequentialBounds({ looks: 3, sides: 1, alpha: 0.025, spending: 'classicPocock' });
  it('stops at the first crossing, on the right side', () => {
    expect(sequentialDecision(twoSided, [1.2, -2.7])).to.deep.equal({ decision: 'rejectH0', stoppedAt: 2, side: 'lower', looksUsed: 2 });
    expect(sequentialDecision(twoSided, [3.8, 0, 0])).to.deep.equal({ decision: 'rejectH0', stoppedAt: 1, side: 'upper', looksUsed: 1 });
    expect(sequentialDecision(oneSided, [-5, -5, -5])).to.deep.equal({ decision: 'acceptH0', stoppedAt: 3, side: null, looksUsed: 3 });
    expect(sequentialDecision(twoSided, [])).to.deep.equal({ decision: 'continue', stoppedAt: null, side: null, looksUsed: 0 });
    expect(sequentialDecision(twoSided, [0.5, 1])).to.deep.equal({ decision: 'continue', stoppedAt: null, side: null, looksUsed: 2 });
    // A statistic exactly on the boundary rejects.
    expect(sequentialDecision(oneSided, [oneSided.looks[0].zBoundary]).decision).to.equal('rejectH0');
  });
  it('rejects bad input', () => {
    expect(() => sequentialDecision(twoSided, [1, 1, 1, 1])).to.throw(InvalidArgumentError).with.property('argument', 'zStatistics');
    expect(() => sequentialDecision(twoSided, [1, Infinity])).to.throw(InvalidArgumentError).with.property('argument', 'zStatistics[1]');
    expect(() => sequentialDecision({} as never, [1])).to.throw(AblabError).with.property('argument', 'bounds');
  });
});
