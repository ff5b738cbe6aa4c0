import { expect } from 'chai';
import { allocationFigure, InvalidArgumentError, pullsPerArmFigure, regretCurvesFigure, simulateBandit } from '../../src/index.js';

type Trace = Record<string, any>;
const traces = (figure: { data: object[] }) => figure.data as Trace[];

describe('plots: bandit figures', () => {
  it('regretCurvesFigure draws the mean of the runs with a quantile band', () => {
    const runs = [[1, 2, 3], [3, 4, 5], [5, 6, 7]];
    const figure = regretCurvesFigure([{ name: 'thompson', runs }], { band: [0, 1] });
    const [lower, upper, mean] = traces(figure);
    expect(mean.x).to.deep.equal([1, 2, 3]);
    expect(mean.y).to.deep.equal([3, 4, 5]);
    expect(lower.y).to.deep.equal([1, 2, 3]);
    expect(upper.y).to.deep.equal([5, 6, 7]);
    expect(upper.fill).to.equal('tonexty');
    // Default band 10–90%: linear interpolation between order statistics.
    const [low10] = traces(regretCurvesFigure([{ name: 't', runs }]));
    expect(low10.y[0]).to.be.closeTo(1.4, 1e-12);
  });

  it('regretCurvesFigure uses a given mean, thins long curves keeping the last step, and validates', () => {
    const mean = Float64Array.from({ length: 1000 }, (_, t) => t / 10);
    const figure = regretCurvesFigure([{ name: 'ucb1', mean }], { maxPoints: 50 });
    const [line] = traces(figure);
    expect(traces(figure)).to.have.length(1);
    expect(line.x).to.have.length(50);
    expect(line.x[0]).to.equal(1);
    expect(line.x[49]).to.equal(1000);
    expect(line.y[49]).to.equal(99.9);
    expect(() => regretCurvesFigure([])).to.throw(InvalidArgumentError);
    expect(() => regretCurvesFigure([{ name: 'empty' }])).to.throw(InvalidArgumentError);
    expect(() => regretCurvesFigure([{ name: 'ragged', runs: [[1, 2], [1]] }])).to.throw(InvalidArgumentError);
    expect(() => regretCurvesFigure([{ name: 'x', mean }], { band: [0.9, 0.1] })).to.throw(InvalidArgumentError);
  });

  it('regretCurvesFigure accepts simulateBandit output', () => {
    const sim = simulateBandit({ policy: 'thompson', armMeans: [0.1, 0.2], horizon: 200, nRuns: 5, seed: 1 });
    const [line] = traces(regretCurvesFigure([{ name: 'thompson', mean: sim.cumulativeRegret }]));
    expect(line.y[line.y.length - 1]).to.equal(sim.finalRegret);
  });

  it('pullsPerArmFigure groups bars by policy with one trace per arm and traffic shares in hover data', () => {
    const figure = pullsPerArmFigure([
      { policy: 'thompson', pulls: [100, 900] },
      { policy: 'fixedSplit', pulls: Float64Array.from([500, 500]) },
    ], { armNames: ['A', 'B'] });
    const [armA, armB] = traces(figure);
    expect(armA.name).to.equal('A');
    expect(armA.x).to.deep.equal(['thompson', 'fixedSplit']);
    expect(armB.y).to.deep.equal([900, 500]);
    expect(armB.customdata).to.deep.equal([0.9, 0.5]);
    expect(figure.layout!.barmode).to.equal('group');
    expect(() => pullsPerArmFigure([{ policy: 'a', pulls: [1, 2] }, { policy: 'b', pulls: [1] }])).to.throw(InvalidArgumentError);
    expect(() => pullsPerArmFigure([{ policy: 'a', pulls: [1, 2] }], { armNames: ['x'] })).to.throw(InvalidArgumentError);
  });

  it('allocationFigure stacks one area per arm and flags the truly best arm', () => {
    const figure = allocationFigure([10, 20], [[0.5, 0.5], [0.2, 0.8]], { armNames: ['A', 'B'], trueBest: 1 });
    const [armA, armB] = traces(figure);
    expect(armA.stackgroup).to.equal('allocation');
    expect(armA.y).to.deep.equal([0.5, 0.2]);
    expect(armB.name).to.equal('B (truly best)');
    expect(() => allocationFigure([1, 2], [[1, 0]])).to.throw(InvalidArgumentError);
    expect(() => allocationFigure([1, 2], [[1, 0], [1]])).to.throw(InvalidArgumentError);
  });
});
