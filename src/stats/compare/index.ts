export {
  compareModels, type CompareModelsOptions, type ComparisonOutcome, type ModelComparison, type SampleDescription,
} from './compareModels.js';
export {
  compareTestSamples, type TestSampleComparison, type TestSampleComparisonOptions,
} from './testSampleComparison.js';
