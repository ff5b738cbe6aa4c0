#!/usr/bin/env node
/**
 * ablab command line: one table of commands, each with its own strict options (node's
 * util.parseArgs: unknown flags, missing values and stray arguments are errors) and help text.
 * Adding a command is one entry in COMMANDS.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { analyzeExperiment } from './experiments/analysis.js';
import { EXPERIMENT_DEFAULTS, parseJsonStrict, validateExperimentConfig, type ExperimentConfig } from './experiments/experimentConfig.js';
import { exportToMlflowFileStore, exportToMlflowServer } from './experiments/mlflowExport.js';
import { writeExperimentReport } from './experiments/report.js';
import { type ExperimentRuns, loadExperimentRuns, runExperiment } from './experiments/runExperiment.js';
import { planExperiment } from './experiments/runPlan.js';
import { downloadCifar10, extractCifar10Archive } from './models/data/cifar10.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Command {
  /** Positional arguments, as shown in the usage line. */
  args: string;
  /** One line for the command list. */
  summary: string;
  /** Flags beyond --help, with a description each. */
  options: Options;
  descriptions: Record<string, string>;
  run(positionals: string[], values: Values): Promise<number>;
}

const CONFIG_HELP = `Experiment file (JSON; unknown keys are errors, a key given twice is an error):
  {
    "name": "mnist-dropout",                 used for runs/<name> and exports
    "variants": {                            at least two named model configurations
      "noDropout": { "model": { "kind": "cnn", "options": { "inputShape": [28, 28, 1], "numClasses": 10, "dropout": 0 } } },
      "dropout":   { "model": { "kind": "cnn", "options": { "inputShape": [28, 28, 1], "numClasses": 10, "dropout": 0.5 } },
                     "epochs": 3, "batchSize": 64 }          (per-variant overrides, optional)
    },
    "seeds": [1, 2, 3, 4, 5],               distinct integers in [0, 2^32); one paired run per variant and seed
    "dataset": { "source": "mnist" | "cifar10" | "csv" | "splits", "options": {...},
                 "normalize": "standardize" | "min-max" | { "mean": [..], "std": [..] } },
                 cifar10 options: trainSize, validationSize, testSize, seed, dir, download
                 csv: "path", "options": { "labelColumn", "featureColumns", "task", "groupColumn" },
                      "testFraction" (default 0.2), "validationFraction" (default 0), "seed"
    "epochs": 3,
    "batchSize": ${EXPERIMENT_DEFAULTS.batchSize},                        optional
    "baseline": "noDropout",                optional, default: the first variant
    "metric": "${EXPERIMENT_DEFAULTS.metric}",                  optional: accuracy, macroF1, logLoss, rocAuc, mse, mae, trainSeconds
    "margin": ${EXPERIMENT_DEFAULTS.margin},                       optional: smallest difference that matters
    "outDir": "runs/mnist-dropout",         optional, default runs/<name>
    "workers": "${EXPERIMENT_DEFAULTS.workers}" | 2,                  optional: training threads
    "backend": "auto" | "wasm" | "cpu" | "tensorflow"   optional
  }
  model kinds: "cnn" (options inputShape [h, w, c], numClasses, conv, kernelSize, padding, dense, dropout,
  batchNorm, learningRate, task, initializer "glorot" | "pytorch"), "mlp" (the same without conv/kernelSize/padding),
  "module" (path: absolute path of a module exporting (seed) => tf.LayersModel, exportName).`;

const ENV_HELP = `Environment:
  ABLAB_BACKEND            training backend when the file sets none (auto, wasm, cpu, tensorflow)
  ABLAB_TASK_COUNT         number of shards (Kubernetes Indexed Jobs, or to override Slurm's count)
  MLFLOW_TRACKING_URI      export-mlflow: the tracking server when neither --tracking-uri nor --mlruns is given (http(s) only)
  MLFLOW_TRACKING_USERNAME, MLFLOW_TRACKING_PASSWORD, MLFLOW_TRACKING_TOKEN
                           export-mlflow: credentials for the tracking server (basic auth, or a bearer token)
  SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_MAX, SLURM_ARRAY_TASK_STEP, SLURM_ARRAY_TASK_COUNT
                           a Slurm job array shards the grid: --array=0-9 and strided --array=0-6:2 both work
  JOB_COMPLETION_INDEX     a Kubernetes Indexed Job shards the grid (with ABLAB_TASK_COUNT)`;

const outOption = { out: { type: 'string' } } as const;

const COMMANDS: Record<string, Command> = {
  run: {
    args: '<experiment.json>',
    summary: 'print the plan (runs, samples, backend, environment, time estimated from a short warm-up), then train every '
      + '(variant, seed) run not yet stored (this shard\'s share), then analyse and report once all exist',
    options: {
      ...outOption, 'task-index': { type: 'string' }, 'task-count': { type: 'string' }, workers: { type: 'string' }, quiet: { type: 'boolean' }, plan: { type: 'boolean' },
    },
    descriptions: {
      out: 'run store and report folder (default: the file\'s outDir, else runs/<name>)',
      'task-index': 'this shard\'s index, 0-based (with --task-count; default: from Slurm/Kubernetes, else the whole grid)',
      'task-count': 'number of shards',
      workers: '"auto" or a number of training threads',
      quiet: 'no per-epoch lines',
      plan: 'print the plan and stop, training nothing',
    },
    async run([file], values) {
      const shard = { taskIndex: integerFlag(values, 'task-index'), taskCount: integerFlag(values, 'task-count') };
      const plan = await planExperiment(loadConfig(file, values), shard);
      console.log(plan.print());
      if (values.plan === true) return 0;
      if (plan.dataProblem && plan.runsToTrain > 0) return 1; // every run would fail loading the data
      const experiment = await runExperiment(loadConfig(file, values), { ...shard, verbose: values.quiet !== true });
      console.log(`${experiment.trained} run(s) trained (shard ${experiment.shard.index + 1}/${experiment.shard.count}, ${experiment.shard.source}); store: ${resolve(experiment.store.dir)}`);
      if (experiment.complete) report(experiment);
      else console.log(`${experiment.missing.length} run(s) still missing (other shards?): when all shards are done, run 'ablab aggregate ${file} --out ${experiment.config.outDir}'`);
      return 0;
    },
  },
  aggregate: {
    args: '<experiment.json>',
    summary: 'analyse the stored runs of all shards and write the report',
    options: { ...outOption },
    descriptions: { out: 'run store and report folder (as given to ablab run)' },
    async run([file], values) {
      const experiment = loadExperimentRuns(loadConfig(file, values));
      if (experiment.corrupt.length > 0) {
        console.error(`${experiment.corrupt.length} corrupt run file(s) set aside (kept for inspection; 'ablab run' trains those runs again):\n  ${experiment.corrupt.join('\n  ')}`);
      }
      if (!experiment.complete) {
        console.error(`missing runs: ${experiment.missing.join(', ')}`);
        return 1;
      }
      report(experiment);
      return 0;
    },
  },
  'export-mlflow': {
    args: '<experiment.json>',
    summary: 'export the stored runs to MLflow: a file store (default ./mlruns), or a tracking server\'s REST API '
      + '(--tracking-uri, else MLFLOW_TRACKING_URI when it is http(s)); exporting again updates, never duplicates',
    options: { ...outOption, mlruns: { type: 'string' }, 'tracking-uri': { type: 'string' } },
    descriptions: {
      out: 'run store folder (as given to ablab run)',
      mlruns: 'MLflow file store folder (default mlruns)',
      'tracking-uri': 'MLflow tracking server URL (http(s)), instead of --mlruns; default MLFLOW_TRACKING_URI',
    },
    async run([file], values) {
      if (values.mlruns !== undefined && values['tracking-uri'] !== undefined) throw new UsageError('give --mlruns or --tracking-uri, not both');
      const experiment = loadExperimentRuns(loadConfig(file, values));
      const trackingUri = typeof values['tracking-uri'] === 'string' ? values['tracking-uri'] : values.mlruns === undefined ? process.env.MLFLOW_TRACKING_URI : undefined;
      if (typeof values['tracking-uri'] === 'string' || (trackingUri !== undefined && /^https?:/.test(trackingUri))) {
        const result = await exportToMlflowServer(experiment.runs, experiment.config.name, trackingUri!);
        console.log(`MLflow experiment ${result.experimentId} at ${trackingUri}: ${result.created} run(s) created, ${result.replaced} replaced, ${result.unchanged} unchanged`);
      } else {
        const dir = typeof values.mlruns === 'string' ? values.mlruns : 'mlruns';
        const id = exportToMlflowFileStore(experiment.runs, experiment.config.name, dir);
        console.log(`wrote ${experiment.runs.length} run(s) to ${resolve(dir, id)}\n` +
          `view: MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri ${resolve(dir)}\n` +
          `or move into a database: mlflow migrate-filestore --source ${resolve(dir)} --target sqlite:///mlflow.db`);
      }
      return 0;
    },
  },
  data: {
    args: 'cifar10',
    summary: 'unpack a local CIFAR-10 archive (binary or python layout) into --dir, or download the official binary archive, '
      + 'so that "source": "cifar10" finds it',
    options: { from: { type: 'string' }, download: { type: 'boolean' }, dir: { type: 'string' } },
    descriptions: {
      from: 'a local CIFAR-10 archive (.tar.gz, binary or python layout) to unpack',
      download: 'download the official binary archive instead (checked against its md5)',
      dir: 'data folder (default data)',
    },
    async run([dataset], values) {
      if (dataset !== 'cifar10') throw new UsageError(`unknown dataset ${JSON.stringify(dataset)} (ablab data knows cifar10)`);
      if ((typeof values.from === 'string') === (values.download === true)) throw new UsageError('ablab data cifar10 needs exactly one of --from <archive.tar.gz> and --download');
      if (values.from === '') throw new UsageError('--from expects the path of a CIFAR-10 .tar.gz, got ""');
      if (values.dir === '') throw new UsageError('--dir expects a folder path, got ""');
      const dir = typeof values.dir === 'string' ? values.dir : 'data';
      const result = typeof values.from === 'string' ? extractCifar10Archive(values.from, dir) : await downloadCifar10(dir);
      console.log(`CIFAR-10 (${result.layout} layout) in ${result.dir}; archive md5 ${result.md5}${result.officialMd5 ? ' (the official archive)' : ' — not the official archive\'s md5: a modified or partial copy?'}`);
      return 0;
    },
  },
};

/** A mistake in the command line: printed with the usage, exit status 2. */
class UsageError extends Error {}

function version(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return `ablab ${version()}: A/B testing of machine-learning models with statistical rigour

Usage:
  ablab <command> [options]     ablab <command> --help for a command's options
  ablab --help | -h             this help
  ablab --version | -v          the version

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.args}  ${c.summary}`).join('\n')}

${CONFIG_HELP}

${ENV_HELP}`;
}

function commandUsage(name: string, command: Command): string {
  const flags = Object.entries(command.options).map(([flag, o]) => `--${flag}${o.type === 'string' ? ' <value>' : ''}`);
  const width = Math.max(...flags.map((f) => f.length), '--help, -h'.length);
  const lines = Object.keys(command.options).map((flag, i) => `  ${flags[i].padEnd(width)}  ${command.descriptions[flag]}`);
  return `Usage: ablab ${name} ${command.args} [options]
  ${command.summary}

Options (also written --name=value):
${lines.join('\n')}
  ${'--help, -h'.padEnd(width)}  this help
${command.args.includes('experiment.json') ? `\n${CONFIG_HELP}\n\n${ENV_HELP}` : ''}`;
}

/** A flag's value as a non-negative integer, or undefined when absent. */
function integerFlag(values: Values, name: string): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new UsageError(`--${name} expects a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

function loadConfig(file: string, values: Values): ExperimentConfig {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the experiment file: ${(error as Error).message}`);
  }
  const config = parseJsonStrict(text, file) as ExperimentConfig;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new UsageError(`${file}: expected a JSON object`);
  if (typeof values.out === 'string') config.outDir = values.out;
  if (typeof values.workers === 'string') config.workers = values.workers === 'auto' ? 'auto' : integerFlag(values, 'workers');
  try {
    validateExperimentConfig(config); // the whole file, before anything is trained or read
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  return config;
}

function report(experiment: ExperimentRuns): void {
  const analysis = analyzeExperiment(experiment);
  const paths = writeExperimentReport(analysis, experiment.config.outDir);
  console.log(`\n${analysis.print()}`);
  console.log(`report: ${paths.html}`);
  console.log(`tables: ${paths.csv.join(', ')}`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError("missing command\nSee 'ablab --help'.");
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(mainUsage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(version());
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}; commands: ${Object.keys(COMMANDS).join(', ')}\nSee 'ablab --help'.`);
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nSee 'ablab ${name} --help'.`);
  }
  if (parsed.values.help) {
    console.log(commandUsage(name, command));
    return 0;
  }
  const expected = command.args.split(' ').filter(Boolean).length;
  if (parsed.positionals.length !== expected) {
    const got = parsed.positionals.length === 0 ? 'nothing' : parsed.positionals.map((p) => JSON.stringify(p)).join(' ');
    throw new UsageError(`ablab ${name} expects ${command.args}, got ${got}\nSee 'ablab ${name} --help'.`);
  }
  return command.run(parsed.positionals, parsed.values);
}

/**
 * Runs the command line `argv` (without node and the script), printing errors; resolves to the exit
 * status: 0 success, 1 failure, 2 a usage mistake (unknown flag or command, missing value or argument).
 */
export function cli(argv: string[]): Promise<number> {
  return main(argv).catch((error: Error) => {
    console.error(`ablab: ${error.message}`);
    return error instanceof UsageError ? 2 : 1;
  });
}

if (require.main === module) void cli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
