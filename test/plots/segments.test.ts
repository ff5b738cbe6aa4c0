import { expect } from 'chai';
import { InvalidArgumentError, ProportionStats, segmentEffects, segmentEffectsFigure } from '../../src/index.js';

describe('plots: segmentEffectsFigure', () => {
  it('draws each segment with its simultaneous interval, highlights significant ones and adds the pooled effect', () => {
    const result = segmentEffects([
      { segment: 'a', control: new ProportionStats(4000, 400), treatment: new ProportionStats(4000, 520) },
      { segment: 'b', control: new ProportionStats(300, 30), treatment: new ProportionStats(300, 28) },
    ]);
    const figure = segmentEffectsFigure(result, { margin: 0.01 });
    const trace = figure.data[0] as Record<string, any>;
    expect(trace.y).to.deep.equal(['a (n = 8000)', 'b (n = 600)', 'pooled (fixed effect)']);
    expect(trace.x[0]).to.be.closeTo(0.03, 1e-12);
    expect(trace.error_x.array[1]).to.be.closeTo(result.segments[1].simultaneousUpper - result.segments[1].estimate, 1e-12);
    expect(trace.marker.color[0]).to.not.equal(trace.marker.color[1]);
    expect(trace.marker.symbol[2]).to.equal('diamond');
    expect((figure.layout as any).title.text).to.contain('heterogeneity Q =');
    expect(() => segmentEffectsFigure({ segments: [] } as never)).to.throw(InvalidArgumentError);
  });
});
