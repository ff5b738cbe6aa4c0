import { expect } from 'chai';
import { forestPlotFigure, pairedDifferencesFigure } from '../../src/index.js';

type Trace = Record<string, any>;

describe('plots: experiment figures', () => {
  it('margin lines are drawn at ±margin beside the zero line, labelled without overlapping', () => {
    for (const figure of [
      pairedDifferencesFigure([0.01, 0.02, 0.015], { margin: 0.005 }),
      forestPlotFigure([{ label: 'B − A', estimate: 0.01, lower: 0.002, upper: 0.018 }], { margin: 0.005 }),
    ]) {
      expect((figure.layout!.shapes as Trace[]).map((s) => s.x0)).to.deep.equal([0, -0.005, 0.005]);
      // Labels grow away from each other: −margin ends at its line, +margin starts at its line.
      expect((figure.layout!.annotations as Trace[]).map((a) => [a.x, a.text, a.xanchor])).to.deep.equal([[-0.005, '−margin 0.005', 'right'], [0.005, '+margin 0.005', 'left']]);
    }
    expect((pairedDifferencesFigure([0.01]).layout!.annotations as Trace[])).to.deep.equal([]);
  });
});
