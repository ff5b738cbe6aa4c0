import { expect } from 'chai';
import {
  betaBinomialPosterior, expectedLoss, expectedLossPathFigure, gaussianPosterior, InvalidArgumentError, posteriorDensityFigure,
  probabilityBestFigure,
} from '../../src/index.js';

type Trace = Record<string, any>;
const traces = (figure: { data: object[] }) => figure.data as Trace[];

describe('plots: Bayesian A/B figures', () => {
  const a = betaBinomialPosterior({ successes: 100, trials: 1000 });
  const b = betaBinomialPosterior({ successes: 130, trials: 1000 });

  it('posteriorDensityFigure draws each exact density, its shaded credible interval and a mean line', () => {
    const figure = posteriorDensityFigure([{ name: 'A', posterior: a }, { name: 'B', posterior: b }], { points: 101 });
    const [lineA, bandA, lineB] = traces(figure);
    expect(lineA.name).to.equal('A');
    expect(lineA.x).to.have.length(101);
    lineA.x.forEach((x: number, i: number) => expect(lineA.y[i]).to.equal(a.pdf(x)));
    const ci = a.credibleInterval(0.95);
    bandA.x.forEach((x: number, i: number) => {
      if (x < ci.lower || x > ci.upper) expect(bandA.y[i]).to.equal(null);
      else expect(bandA.y[i]).to.equal(a.pdf(x));
    });
    expect(bandA.fill).to.equal('tozeroy');
    expect(lineB.name).to.equal('B');
    const shapes = figure.layout!.shapes as Trace[];
    expect(shapes.map((s) => s.x0)).to.deep.equal([a.mean, b.mean]);
    // Range covers both posteriors and stays inside [0, 1].
    const [lo, hi] = (figure.layout!.xaxis as Trace).range;
    expect(lo).to.be.within(0, a.quantile(0.0005));
    expect(hi).to.be.within(b.quantile(0.9995), 1);
  });

  it('posteriorDensityFigure leaves infinite densities out and handles Normal posteriors, xRange and no band', () => {
    const jeffreys = betaBinomialPosterior({ successes: 0, trials: 0, prior: { alpha: 0.5, beta: 0.5 } });
    const figure = posteriorDensityFigure([{ name: 'Jeffreys', posterior: jeffreys }], { xRange: [0, 1], points: 11, credibleLevel: false, dashed: true });
    expect(traces(figure)).to.have.length(1);
    const [line] = traces(figure);
    expect(line.y[0]).to.equal(null);
    expect(line.y[10]).to.equal(null);
    expect(line.y[5]).to.be.closeTo(jeffreys.pdf(0.5), 1e-12);
    expect(line.line.dash).to.equal('dash');
    const normal = posteriorDensityFigure([{ name: 'latency', posterior: gaussianPosterior({ n: 100, mean: -5, variance: 4 }) }]);
    const [lo] = (normal.layout!.xaxis as Trace).range;
    expect(lo).to.be.below(-5.6); // not clipped at 0 as a rate would be
    expect(() => posteriorDensityFigure([])).to.throw(InvalidArgumentError);
    expect(() => posteriorDensityFigure([{ name: 'A', posterior: a }], { points: 3 })).to.throw(InvalidArgumentError);
    expect(() => posteriorDensityFigure([{ name: 'A', posterior: a }], { xRange: [1, 0] })).to.throw(InvalidArgumentError);
  });

  it('expectedLossPathFigure sorts by n, draws zeros as gaps, and marks the first n below the threshold', () => {
    const rows = [
      { n: 300, chooseA: 0.02, chooseB: 0.0005 },
      { n: 100, chooseA: 0.01, chooseB: 0.004 },
      { n: 200, chooseA: 0.015, chooseB: 0 },
    ];
    const figure = expectedLossPathFigure(rows, { threshold: 0.001 });
    const [keepA, shipB, threshold, marker] = traces(figure);
    expect(keepA.x).to.deep.equal([100, 200, 300]);
    expect(keepA.y).to.deep.equal([0.01, 0.015, 0.02]);
    expect(shipB.y).to.deep.equal([0.004, null, 0.0005]);
    expect(threshold.y).to.deep.equal([0.001, 0.001]);
    expect(marker.x).to.deep.equal([200]);
    expect((figure.layout!.yaxis as Trace).type).to.equal('log');
    expect(traces(expectedLossPathFigure(rows))).to.have.length(2);
    expect(() => expectedLossPathFigure(rows, { threshold: 0 })).to.throw(InvalidArgumentError);
    expect(() => expectedLossPathFigure([])).to.throw(InvalidArgumentError);
    // Works with the library's own output.
    const real = expectedLossPathFigure([{ n: 1000, ...expectedLoss(a, b) }], { threshold: 1e-3 });
    expect(traces(real)[1].y[0]).to.equal(expectedLoss(a, b).chooseB);
  });

  it('probabilityBestFigure labels bars in percent and checks lengths', () => {
    const figure = probabilityBestFigure(['A', 'B', 'C'], Float64Array.from([0.1, 0.25, 0.65]), { threshold: 0.95 });
    const [bars] = traces(figure);
    expect(bars.y).to.deep.equal([0.1, 0.25, 0.65]);
    expect(bars.text).to.deep.equal(['10.0%', '25.0%', '65.0%']);
    expect((figure.layout!.shapes as Trace[])[0]).to.include({ y0: 0.95 });
    expect(() => probabilityBestFigure(['A', 'B'], [1])).to.throw(InvalidArgumentError);
  });
});
