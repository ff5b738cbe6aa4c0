/**
 * The few calls of MLflow's tracking REST API (2.0) that an export needs, authenticated the way
 * MLflow's own clients do (mlflow/utils/rest_utils.py): HTTP Basic from MLFLOW_TRACKING_USERNAME and
 * MLFLOW_TRACKING_PASSWORD when both are set, else a Bearer MLFLOW_TRACKING_TOKEN.
 */
import { checkOptions } from '../core/validate.js';
import { AblabError, InvalidArgumentError } from '../core/errors.js';
import type { LogBatchContent } from './mlflowRun.js';

/** An error answer of an MLflow server: HTTP status and MLflow's error_code (e.g. RESOURCE_DOES_NOT_EXIST). */
export class MlflowRequestError extends AblabError {
  constructor(readonly endpoint: string, readonly status: number, readonly errorCode: string | undefined, detail: string) {
    super(`MLflow ${endpoint} failed with HTTP ${status}${errorCode ? ` ${errorCode}` : ''}: ${detail}`);
  }
}

/** A run as runs/search returns it (proto3 JSON: empty lists and unset fields are left out). */
export interface MlflowRunEntity {
  info: { run_id: string; status?: string; lifecycle_stage?: string };
  data?: { tags?: { key: string; value: string }[] };
}

/**
 * The Authorization header MLflow's clients would send for `env`, if any.
 * @throws {InvalidArgumentError} when only one of MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD is set.
 * @example
 * mlflowAuthorization({ MLFLOW_TRACKING_TOKEN: 'abc' }); // 'Bearer abc'
 */
export function mlflowAuthorization(env: NodeJS.ProcessEnv = process.env): string | undefined {
  env = checkOptions('env', env);
  const { MLFLOW_TRACKING_USERNAME: user, MLFLOW_TRACKING_PASSWORD: password, MLFLOW_TRACKING_TOKEN: token } = env;
  if (user && password) return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
  if (user || password) {
    const missing = user ? 'MLFLOW_TRACKING_PASSWORD' : 'MLFLOW_TRACKING_USERNAME';
    throw new InvalidArgumentError(missing, undefined, `set it too: basic authentication needs both MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD`);
  }
  return token ? `Bearer ${token}` : undefined;
}

/** A tracking server at `trackingUri` (http or https), with credentials from `env`. */
export class MlflowClient {
  private readonly base: string;
  private readonly authorization: string | undefined;

  constructor(trackingUri: string, env: NodeJS.ProcessEnv = process.env) {
    if (typeof trackingUri !== 'string' || !/^https?:\/\/[^/]/.test(trackingUri)) {
      throw new InvalidArgumentError('trackingUri', trackingUri, 'expected the http(s) URL of an MLflow tracking server');
    }
    this.base = `${trackingUri.replace(/\/+$/, '')}/api/2.0/mlflow/`;
    this.authorization = mlflowAuthorization(env);
  }

  private async call<T>(endpoint: string, body?: object, query?: Record<string, string>): Promise<T> {
    const url = `${this.base}${endpoint}${query ? `?${new URLSearchParams(query)}` : ''}`;
    const headers: Record<string, string> = this.authorization ? { authorization: this.authorization } : {};
    let response: Response;
    try {
      response = await fetch(url, body === undefined
        ? { method: 'GET', headers }
        : { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    } catch (error) {
      throw new AblabError(`cannot reach the MLflow server at ${url}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try { json = text ? JSON.parse(text) : {}; } catch { /* an HTML error page from a proxy: reported below */ }
    if (!response.ok) throw new MlflowRequestError(endpoint, response.status, json.error_code as string | undefined, String(json.message ?? text).slice(0, 500));
    return json as T;
  }

  /**
   * The experiment's id, creating the experiment when no experiment has this name.
   * @throws {AblabError} when the experiment exists but is deleted (runs cannot be logged to it).
   */
  async experimentId(name: string): Promise<string> {
    let found: { experiment: { experiment_id: string; lifecycle_stage?: string } };
    try {
      found = await this.call('experiments/get-by-name', undefined, { experiment_name: name });
    } catch (error) {
      if (!(error instanceof MlflowRequestError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST')) throw error;
      return (await this.call<{ experiment_id: string }>('experiments/create', { name })).experiment_id;
    }
    if (found.experiment.lifecycle_stage === 'deleted') {
      throw new AblabError(`MLflow experiment "${name}" (id ${found.experiment.experiment_id}) is deleted: restore it (mlflow experiments restore --experiment-id ${found.experiment.experiment_id}) or export under another name`);
    }
    return found.experiment.experiment_id;
  }

  /** Every active run of the experiment (all pages of runs/search). */
  async activeRuns(experimentId: string): Promise<MlflowRunEntity[]> {
    const runs: MlflowRunEntity[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.call<{ runs?: MlflowRunEntity[]; next_page_token?: string }>('runs/search', {
        experiment_ids: [experimentId], run_view_type: 'ACTIVE_ONLY', max_results: 1000, ...(pageToken ? { page_token: pageToken } : {}),
      });
      runs.push(...(page.runs ?? []));
      pageToken = page.next_page_token;
    } while (pageToken);
    return runs;
  }

  async createRun(experimentId: string, runName: string, startTime: number): Promise<string> {
    const created = await this.call<{ run: { info: { run_id: string } } }>('runs/create', { experiment_id: experimentId, run_name: runName, start_time: startTime });
    return created.run.info.run_id;
  }

  async logBatch(runId: string, batch: LogBatchContent): Promise<void> {
    await this.call('runs/log-batch', { run_id: runId, ...batch });
  }

  async setStatus(runId: string, status: 'FINISHED' | 'FAILED', endTime: number): Promise<void> {
    await this.call('runs/update', { run_id: runId, status, end_time: endTime });
  }

  /** Marks a run deleted (MLflow keeps it in its trash until `mlflow gc`). */
  async deleteRun(runId: string): Promise<void> {
    await this.call('runs/delete', { run_id: runId });
  }
}
