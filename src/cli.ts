#!/usr/bin/env node
/**
 * ablab command line.
 *   ablab run <experiment.json> [--task-index I --task-count N] [--out DIR] [--workers N] [--quiet]
 *   ablab aggregate <experiment.json> [--out DIR]
 *   ablab export-mlflow <experiment.json> [--mlruns DIR | --tracking-uri URL] [--out DIR]
 *   ablab data cifar10 (--from <archive.tar.gz> | --download) [--dir DIR]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeExperiment } from './experiments/analysis.js';
import { exportToMlflowFileStore, exportToMlflowServer } from './experiments/mlflowExport.js';
import { writeExperimentReport } from './experiments/report.js';
import { planExperiment } from './experiments/runPlan.js';
import { downloadCifar10, extractCifar10Archive } from './models/data/cifar10.js';
import { type ExperimentConfig, type ExperimentRuns, loadExperimentRuns, runExperiment } from './experiments/runExperiment.js';

const USAGE = `usage:
  ablab run <experiment.json> [--task-index I --task-count N] [--out DIR] [--workers N] [--quiet] [--plan]
      print the plan (runs, samples, backend, environment, time estimated from a short warm-up), then
      train every (variant, seed) run not yet stored (this shard's share, when sharded), then,
      once all runs exist, analyse them and write the report; --plan stops after the plan
  ablab aggregate <experiment.json> [--out DIR]
      analyse the stored runs of all shards and write the report
  ablab export-mlflow <experiment.json> [--mlruns DIR | --tracking-uri URL] [--out DIR]
      export the stored runs to MLflow: a file store (default ./mlruns), or a tracking server's REST
      API (--tracking-uri, else MLFLOW_TRACKING_URI when it is http(s); credentials from
      MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN). Exporting again updates, never duplicates
  ablab data cifar10 (--from <archive.tar.gz> | --download) [--dir DIR]
      unpack a local CIFAR-10 archive (binary or python layout) into DIR (default data), or
      download the official binary archive, so that "source": "cifar10" finds it`;

function parseArgs(argv: string[]): { command?: string; file?: string; flags: Record<string, string | true> } {
  const [command, file, ...rest] = argv;
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(arg)}\n${USAGE}`);
    const next = rest[i + 1];
    if (next === undefined || next.startsWith('--')) flags[arg.slice(2)] = true;
    else flags[arg.slice(2)] = rest[++i];
  }
  return { command, file, flags };
}

function loadConfig(file: string | undefined, flags: Record<string, string | true>): ExperimentConfig {
  if (!file) throw new Error(`missing <experiment.json>\n${USAGE}`);
  const config = JSON.parse(readFileSync(resolve(file), 'utf8')) as ExperimentConfig;
  if (typeof flags.out === 'string') config.outDir = flags.out;
  if (typeof flags.workers === 'string') config.workers = flags.workers === 'auto' ? 'auto' : Number(flags.workers);
  return config;
}

function optionalInt(flags: Record<string, string | true>, name: string): number | undefined {
  const value = flags[name];
  return value === undefined ? undefined : Number(value);
}

function report(experiment: ExperimentRuns): void {
  const analysis = analyzeExperiment(experiment);
  const paths = writeExperimentReport(analysis, experiment.config.outDir!);
  console.log(`\n${analysis.print()}`);
  console.log(`report: ${paths.html}`);
  console.log(`tables: ${paths.csv.join(', ')}`);
}

async function main(argv: string[]): Promise<number> {
  const { command, file, flags } = parseArgs(argv);
  switch (command) {
    case 'run': {
      const plan = await planExperiment(loadConfig(file, flags), { taskIndex: optionalInt(flags, 'task-index'), taskCount: optionalInt(flags, 'task-count') });
      console.log(plan.print());
      if (flags.plan === true) return 0;
      if (plan.dataProblem && plan.runsToTrain > 0) return 1; // every run would fail loading the data
      const experiment = await runExperiment(loadConfig(file, flags), {
        taskIndex: optionalInt(flags, 'task-index'), taskCount: optionalInt(flags, 'task-count'), verbose: flags.quiet !== true,
      });
      console.log(`${experiment.trained} run(s) trained (shard ${experiment.shard.index + 1}/${experiment.shard.count}, ${experiment.shard.source}); store: ${resolve(experiment.store.dir)}`);
      if (experiment.complete) report(experiment);
      else console.log(`${experiment.missing.length} run(s) still missing (other shards?): when all shards are done, run 'ablab aggregate ${file}'`);
      return 0;
    }
    case 'aggregate': {
      const experiment = loadExperimentRuns(loadConfig(file, flags));
      if (!experiment.complete) {
        console.error(`missing runs: ${experiment.missing.join(', ')}`);
        return 1;
      }
      report(experiment);
      return 0;
    }
    case 'export-mlflow': {
      const experiment = loadExperimentRuns(loadConfig(file, flags));
      const trackingUri = typeof flags['tracking-uri'] === 'string' ? flags['tracking-uri'] : flags.mlruns === undefined ? process.env.MLFLOW_TRACKING_URI : undefined;
      if (trackingUri !== undefined && /^https?:/.test(trackingUri)) {
        const result = await exportToMlflowServer(experiment.runs, experiment.config.name, trackingUri);
        console.log(`MLflow experiment ${result.experimentId} at ${trackingUri}: ${result.created} run(s) created, ${result.replaced} replaced, ${result.unchanged} unchanged`);
      } else {
        const dir = typeof flags.mlruns === 'string' ? flags.mlruns : 'mlruns';
        const id = exportToMlflowFileStore(experiment.runs, experiment.config.name, dir);
        console.log(`wrote ${experiment.runs.length} run(s) to ${resolve(dir, id)}\n` +
          `view: MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri ${resolve(dir)}\n` +
          `or move into a database: mlflow migrate-filestore --source ${resolve(dir)} --target sqlite:///mlflow.db`);
      }
      return 0;
    }
    case 'data': {
      if (file !== 'cifar10') throw new Error(`unknown dataset ${JSON.stringify(file)} (ablab data knows cifar10)\n${USAGE}`);
      const dir = typeof flags.dir === 'string' ? flags.dir : 'data';
      if (typeof flags.from !== 'string' && flags.download !== true) throw new Error(`ablab data cifar10 needs --from <archive.tar.gz> or --download\n${USAGE}`);
      const result = typeof flags.from === 'string' ? extractCifar10Archive(flags.from, dir) : await downloadCifar10(dir);
      console.log(`CIFAR-10 (${result.layout} layout) in ${result.dir}; archive md5 ${result.md5}${result.officialMd5 ? ' (the official archive)' : ' — not the official archive\'s md5: a modified or partial copy?'}`);
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: Error) => {
  console.error(`ablab: ${error.message}`);
  process.exitCode = 1;
});
