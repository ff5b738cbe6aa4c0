export {
  compareModels, type CompareModelsOptions, type ComparisonOutcome, type ModelComparison, type SampleDescription,
} from './compareModels.js';
