import { expect } from 'chai';
import { intervalSeriesFigure, InvalidArgumentError } from '../../src/index.js';

type Trace = Record<string, any>;
const traces = (figure: { data: object[] }) => figure.data as Trace[];

describe('plots: A/B test figures', () => {
  const a = { name: 'A', x: [1, 2, 3], estimate: [0.1, 0.12, 0.11], lower: [0.08, 0.1, 0.09], upper: [0.13, 0.14, 0.13] };
  const b = { name: 'B', x: [1, 2, 3], estimate: [0.12, 0.13, 0.12], lower: [0.1, 0.11, 0.1], upper: [0.14, 0.15, 0.14] };

  it('intervalSeriesFigure draws one trace per series with asymmetric error bars, dodged sideways', () => {
    const figure = intervalSeriesFigure([a, b], { yTickFormat: '.0%', xLabels: { 3: '3+' } });
    const [ta, tb] = traces(figure);
    expect(ta.name).to.equal('A');
    expect(ta.y).to.deep.equal(a.estimate);
    expect(ta.customdata).to.deep.equal([1, 2, 3]);
    expect(ta.x[0]).to.be.closeTo(0.94, 1e-12);
    expect(tb.x[0]).to.be.closeTo(1.06, 1e-12);
    expect(ta.error_y.array[0]).to.be.closeTo(0.03, 1e-12);
    expect(ta.error_y.arrayminus[0]).to.be.closeTo(0.02, 1e-12);
    expect(ta.line.color).to.not.equal(tb.line.color);
    const layout = figure.layout as Record<string, any>;
    expect(layout.xaxis.tickvals).to.deep.equal([1, 2, 3]);
    expect(layout.xaxis.ticktext).to.deep.equal(['1', '2', '3+']);
    expect(layout.yaxis.tickformat).to.equal('.0%');
  });

  it('a single series is not dodged; reference lines, shaded ranges and infinite bounds', () => {
    const figure = intervalSeriesFigure([{ name: 'lift', x: [0, 1], estimate: [0.3, 0.05], lower: [0.1, -Infinity], upper: [0.5, 0.2] }], {
      referenceLines: [{ y: 0 }, { y: 0.04, label: 'true effect', color: 'red' }],
      shadedRanges: [{ from: 0.5, to: 1.5, label: 'weekend' }],
    });
    const [trace, zero, truth] = traces(figure);
    expect(trace.x).to.deep.equal([0, 1]);
    expect(trace.error_y.arrayminus[1]).to.equal(null);
    const layout = figure.layout as Record<string, any>;
    expect(layout.xaxis.range).to.deep.equal([-0.5, 1.5]);
    expect(zero).to.include({ showlegend: false });
    expect(zero.x).to.deep.equal([-0.5, 1.5]);
    expect(zero.y).to.deep.equal([0, 0]);
    expect(truth).to.include({ name: 'true effect', showlegend: true });
    expect(truth.line.color).to.equal('red');
    expect(layout.shapes).to.have.length(1);
    expect(layout.shapes[0]).to.include({ type: 'rect', x0: 0.5, x1: 1.5 });
    expect(layout.annotations.map((n: Trace) => n.text)).to.deep.equal(['weekend']);
    const noBars = traces(intervalSeriesFigure([{ name: 'p', x: [1], estimate: [2] }]));
    expect(noBars[0].error_y).to.equal(undefined);
  });

  it('rejects malformed input with typed errors', () => {
    expect(() => intervalSeriesFigure([])).to.throw(InvalidArgumentError);
    expect(() => intervalSeriesFigure([{ name: 'x', x: [], estimate: [] }])).to.throw(InvalidArgumentError);
    expect(() => intervalSeriesFigure([{ name: 'x', x: [1, 2], estimate: [1] }])).to.throw(InvalidArgumentError);
    expect(() => intervalSeriesFigure([{ name: 'x', x: [1], estimate: [1], lower: [0] }])).to.throw(InvalidArgumentError);
    expect(() => intervalSeriesFigure([{ name: 'x', x: [1], estimate: [NaN] }])).to.throw(InvalidArgumentError);
    expect(() => intervalSeriesFigure([a], { shadedRanges: [{ from: 2, to: 1 }] })).to.throw(InvalidArgumentError);
    expect(() => intervalSeriesFigure([a], { dodge: -1 })).to.throw(InvalidArgumentError);
  });
});
