import { expect } from 'chai';
import {
  allocationTimelineFigure, ecdfFigure, histogramOverlayFigure, InvalidArgumentError, ksTwoSample, populationStabilityIndex,
  psiBinLabels, psiBinsFigure,
} from '../../src/index.js';

type Trace = Record<string, any>;
const traces = (figure: { data: object[] }) => figure.data as Trace[];

describe('plots: online figures', () => {
  const healthy = [
    { allocation: 0.05, nextAllocation: 0.05, decision: 'hold' as const, reason: 'waiting' },
    { allocation: 0.05, nextAllocation: 0.2, decision: 'advance' as const, reason: 'ok' },
    { allocation: 0.2, nextAllocation: 0.5, decision: 'advance' as const, reason: 'ok' },
  ];
  const bad = [{ allocation: 0.05, nextAllocation: 0, decision: 'rollback' as const, reason: 'failed: p95 latency' }];

  it('allocationTimelineFigure steps through the allocations and marks each decision once in the legend', () => {
    const figure = allocationTimelineFigure([{ name: 'v2', log: healthy }, { name: 'v3', log: bad }]);
    const data = traces(figure);
    const [line, advance, hold, badLine, rollback] = [data[0], data[1], data[2], data[3], data[4]];
    expect(line.x).to.deep.equal([0, 1, 2, 3]);
    expect(line.y).to.deep.equal([5, 5, 20, 50]);
    expect(line.line.shape).to.equal('hv');
    expect(advance).to.include({ name: 'advance', showlegend: true });
    expect(advance.x).to.deep.equal([2, 3]);
    expect(advance.y).to.deep.equal([20, 50]);
    expect(hold.x).to.deep.equal([1]);
    expect(badLine.y).to.deep.equal([5, 0]);
    expect(rollback).to.include({ name: 'rollback', showlegend: true });
    expect(rollback.text).to.deep.equal(['failed: p95 latency']);
    const again = traces(allocationTimelineFigure([{ name: 'a', log: bad }, { name: 'b', log: bad }]));
    expect(again.filter((t) => t.name === 'rollback').map((t) => t.showlegend)).to.deep.equal([true, false]);
    expect(() => allocationTimelineFigure([])).to.throw(InvalidArgumentError);
    expect(() => allocationTimelineFigure([{ name: 'x', log: [] }])).to.throw(InvalidArgumentError);
  });

  it('histogramOverlayFigure bins all samples on common bins as proportions', () => {
    const figure = histogramOverlayFigure({ a: [0, 0.1, 0.9, 1], b: [0.5, 0.6] }, { bins: 2 });
    const [a, b] = traces(figure);
    expect(a.x).to.deep.equal([0.25, 0.75]);
    expect(a.y).to.deep.equal([0.5, 0.5]);
    expect(b.y).to.deep.equal([0, 1]);
    expect(a.name).to.equal('a (n = 4)');
    expect(figure.layout!.barmode).to.equal('overlay');
    expect(traces(histogramOverlayFigure({ a: [2, 2] }, { bins: 3 }))[0].y.reduce((s: number, v: number) => s + v, 0)).to.equal(1);
    expect(() => histogramOverlayFigure({ a: [] })).to.throw(InvalidArgumentError);
    expect(() => histogramOverlayFigure({ a: [1, NaN] })).to.throw(InvalidArgumentError);
    expect(() => histogramOverlayFigure({ a: [1] }, { bins: 0 })).to.throw(InvalidArgumentError);
  });

  it('ecdfFigure draws step ECDFs, thins large samples and marks the KS gap from the full samples', () => {
    const a = [1, 2, 3, 4, 5], b = [3.5, 6, 7, 8, 9, 10];
    const ks = ksTwoSample(a, b);
    const figure = ecdfFigure({ a, b }, { ksLocation: ks.details!.statisticLocation as number });
    const [fa, fb, gap] = traces(figure);
    expect(fa.x).to.deep.equal([1, 1, 2, 3, 4, 5]);
    expect(fa.y).to.deep.equal([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(fb.y[fb.y.length - 1]).to.equal(1);
    expect(Math.abs(gap.y[0] - gap.y[1])).to.be.closeTo(ks.statistic, 1e-12);
    const big = Array.from({ length: 10000 }, (_, i) => i);
    const thin = traces(ecdfFigure({ big }, { maxPoints: 50 }))[0];
    expect(thin.x).to.have.length(51);
    expect(thin.x[thin.x.length - 1]).to.equal(9999);
    expect(thin.y[thin.y.length - 1]).to.equal(1);
    expect(() => ecdfFigure({ a }, { ksLocation: 1 })).to.throw(InvalidArgumentError);
  });

  it('psiBinsFigure shows proportions and per-bin terms that sum to the PSI', () => {
    const expected = Array.from({ length: 1000 }, (_, i) => i / 1000);
    const actual = expected.map((v) => Math.min(0.999, v + 0.1));
    const psi = populationStabilityIndex(expected, actual, { bins: 5 });
    const figure = psiBinsFigure(psi, { expectedName: 'reference', actualName: 'current' });
    const [e, a, terms] = traces(figure);
    expect(e.x).to.deep.equal(psiBinLabels(psi.edges));
    expect(e.x[0]).to.match(/^< /);
    expect(e.x[4]).to.match(/^≥ /);
    expect(a.name).to.equal('current');
    expect(terms.y.reduce((s: number, v: number) => s + v, 0)).to.be.closeTo(psi.psi, 1e-12);
    expect(terms).to.include({ xaxis: 'x2', yaxis: 'y2' });
    expect((figure.layout!.title as Trace).text).to.contain(psi.level);
    const counts = populationStabilityIndex([5, 5], [2, 8], { input: 'counts' });
    expect(traces(psiBinsFigure(counts))[0].x).to.deep.equal(['bin 1', 'bin 2']);
    expect(() => psiBinsFigure(counts, { labels: ['one'] })).to.throw(InvalidArgumentError);
    expect(() => psiBinsFigure({} as never)).to.throw(InvalidArgumentError);
    expect(psiBinLabels([0.12345, 1])).to.deep.equal(['< 0.123', '[0.123, 1)', '≥ 1']);
  });
});
