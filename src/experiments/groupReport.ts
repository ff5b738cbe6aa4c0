import { InvalidArgumentError } from '../core/errors.js';
import type { Figure } from '../helpers/plot.js';
import { escapeHtml } from '../helpers/kernel.js';
import { toHtmlTable } from '../helpers/table.js';
import type { ExperimentAnalysis } from './analysis.js';
import { analyzeGroups, type ExperimentGroupAnalysis } from './groupAnalysis.js';

/**
 * The report's "groups" section for an analysed experiment whose runs carry test-set groups:
 * HTML blocks (verdict text, metrics by group, differences from the baseline, fairness gaps,
 * figures) and the CSV tables group_metrics, group_differences and fairness_gaps; null without groups.
 * @example
 * const groups = groupsReportSection(analysis); // null for MNIST, a section for a CSV with a groupColumn
 */
export function groupsReportSection(analysis: ExperimentAnalysis): { blocks: (string | Figure)[]; csv: Record<string, Record<string, unknown>[]>; groups: ExperimentGroupAnalysis } | null {
  if (typeof analysis !== 'object' || analysis === null || !Array.isArray(analysis.runs)) throw new InvalidArgumentError('analysis', analysis, 'expected the result of analyzeExperiment');
  const groups = analyzeGroups(analysis.runs, { baseline: analysis.baseline, correction: analysis.correction, alpha: analysis.alpha });
  if (!groups) return null;
  const { comparison, rows, figures } = groups;
  const heading = (text: string) => `<h3>${escapeHtml(text)}</h3>`;
  return {
    groups,
    csv: { group_metrics: rows.groupMetrics, group_differences: rows.groupDifferences, fairness_gaps: rows.fairnessGaps },
    blocks: [
      `<h2>Groups</h2>\n<pre>${escapeHtml(groups.print())}</pre>`,
      figures.accuracy,
      heading(`Accuracy differences from ${comparison.baseline} by group (${comparison.correction}-adjusted across ${comparison.groups.length} groups)`),
      toHtmlTable(rows.groupDifferences),
      figures.differences,
      heading('Fairness gaps (Fairlearn definitions; mean over seed models)'),
      toHtmlTable(rows.fairnessGaps),
      heading('Metrics by group'),
      toHtmlTable(rows.groupMetrics, { maxRows: 500 }),
    ],
  };
}
