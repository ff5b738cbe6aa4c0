import { expect } from 'chai';
import {
  groupSequentialBounds, groupSequentialBoundsFigure, intervalBandsFigure, InvalidArgumentError, peekingRateFigure, pValuePathFigure,
} from '../../src/index.js';

type Trace = Record<string, any>;
const traces = (figure: { data: object[] }) => figure.data as Trace[];

describe('plots: sequential testing figures', () => {
  it('peekingRateFigure draws one line per method, sorted by peeks, with 1.96·SE bars and the alpha line', () => {
    const figure = peekingRateFigure([
      { method: 'naive', peeks: 10, rate: 0.2, standardError: 0.01 },
      { method: 'naive', peeks: 1, rate: 0.05, standardError: 0.005 },
      { method: 'mSPRT', peeks: 10, rate: 0.02 },
    ], { alpha: 0.1 });
    const [naive, msprt] = traces(figure);
    expect(naive.name).to.equal('naive');
    expect(naive.x).to.deep.equal([1, 10]);
    expect(naive.y).to.deep.equal([0.05, 0.2]);
    expect(naive.error_y.array[1]).to.be.closeTo(0.0196, 1e-12);
    expect(msprt).to.not.have.property('error_y');
    expect((figure.layout!.shapes as Trace[])[0]).to.include({ y0: 0.1, y1: 0.1 });
    // Log axis labelled at the peek counts only (no minor digits between decades); α label in the right margin.
    expect(figure.layout!.xaxis as Trace).to.deep.include({ type: 'log', tickmode: 'array', tickvals: [1, 10], ticktext: ['1', '10'] });
    expect((figure.layout!.annotations as Trace[])[0]).to.include({ xref: 'paper', x: 1, xanchor: 'left', y: 0.1, text: 'α = 0.1' });
  });

  it('pValuePathFigure marks the first crossing and uses log10 coordinates for the alpha line on a log axis', () => {
    const figure = pValuePathFigure([{ name: 'run 1', x: [10, 20, 30, 40], pValues: [0.5, 0.04, 0.2, 0.01] }], { alpha: 0.05 });
    const [line, crossing, alphaLine] = traces(figure);
    expect(line.y).to.deep.equal([0.5, 0.04, 0.2, 0.01]);
    expect(crossing.x).to.deep.equal([20]);
    // The α line is a data trace (a shape would break log autoranging); its label uses log10 coordinates.
    expect(alphaLine).to.deep.include({ x: [10, 40], y: [0.05, 0.05], showlegend: false });
    expect((figure.layout!.annotations as Trace[])[0].y).to.be.closeTo(Math.log10(0.05), 1e-12);
    expect((figure.layout!.annotations as Trace[])[0]).to.include({ x: 1, xanchor: 'left' });
    expect(figure.layout!.yaxis as Trace).to.include({ type: 'log', dtick: 1 });
    const linear = pValuePathFigure([{ name: 'never', x: [1, 2], pValues: [0.9, 0.6] }], { logY: false });
    expect(traces(linear)).to.have.length(2);
    expect((linear.layout!.annotations as Trace[])[0].y).to.equal(0.05);
    expect(() => pValuePathFigure([{ name: 'bad', x: [1, 2], pValues: [0.5] }])).to.throw(InvalidArgumentError);
    expect(() => pValuePathFigure([])).to.throw(InvalidArgumentError);
  });

  it('groupSequentialBoundsFigure mirrors two-sided boundaries and overlays a Z path', () => {
    const obf = groupSequentialBounds({ looks: 4, sides: 2, spending: 'obrienFleming' });
    const oneSided = groupSequentialBounds({ looks: 4, sides: 1, spending: 'pocock' });
    const figure = groupSequentialBoundsFigure([{ name: 'OBF', bounds: obf }, { name: 'Pocock', bounds: oneSided }], { zPath: { z: [0.5, 1.8] } });
    const [upper, lower, pocock, path] = traces(figure);
    expect(upper.x).to.deep.equal([0.25, 0.5, 0.75, 1]);
    expect(upper.y).to.deep.equal(obf.looks.map((l) => l.zBoundary));
    expect(lower.y).to.deep.equal(obf.looks.map((l) => -l.zBoundary));
    expect(lower.showlegend).to.equal(false);
    expect(pocock.name).to.equal('Pocock');
    expect(path).to.include({ name: 'observed Z' });
    expect(path.x).to.deep.equal([0.25, 0.5]);
    expect(traces(figure)).to.have.length(4);
    expect(() => groupSequentialBoundsFigure([{ name: 'OBF', bounds: obf }], { zPath: { z: [1, 2, 3, 4, 5] } })).to.throw(InvalidArgumentError);
    expect(() => groupSequentialBoundsFigure([{ name: 'x', bounds: {} as never }])).to.throw(InvalidArgumentError);
  });

  it('intervalBandsFigure fills between bounds, turns infinite bounds into gaps and draws null and true values', () => {
    const figure = intervalBandsFigure([
      { name: 'CS', x: [10, 20, 30], lower: [-Infinity, -1, -0.5], upper: [Infinity, 1.5, 0.9], estimate: [0.3, 0.25, 0.2] },
      { name: 'fixed', x: [10, 20, 30], lower: [-1, -0.5, -0.2], upper: [1.2, 0.9, 0.6] },
    ], { trueValue: 0.2 });
    const data = traces(figure);
    expect(data).to.have.length(5);
    expect(data[0].y).to.deep.equal([null, -1, -0.5]);
    expect(data[1]).to.include({ fill: 'tonexty', name: 'CS' });
    expect(data[1].y).to.deep.equal([null, 1.5, 0.9]);
    expect(data[2].y).to.deep.equal([0.3, 0.25, 0.2]);
    expect(data[1].fillcolor).to.match(/^rgba\(31, 119, 180, 0\.18\)$/);
    const shapes = figure.layout!.shapes as Trace[];
    expect(shapes.map((s) => s.y0)).to.deep.equal([0, 0.2]);
    expect((intervalBandsFigure([{ name: 'a', x: [1], lower: [0], upper: [1] }], { nullValue: null }).layout!.shapes as Trace[])).to.deep.equal([]);
    expect(() => intervalBandsFigure([{ name: 'a', x: [1, 2], lower: [0], upper: [1, 2] }])).to.throw(InvalidArgumentError);
    expect((intervalBandsFigure([{ name: 'a', x: [1], lower: [0], upper: [1] }], { yRange: [-1, 2] }).layout!.yaxis as Trace).range).to.deep.equal([-1, 2]);
  });
});
