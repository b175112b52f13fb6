/**
 * The bot-admin domain's door: what a tenant's admins do with their bot over the API —
 * upload intents and examples, train versions in a worker, evaluate, activate on every
 * node, roll back, edit answers and FAQ, and try a message.
 */
import type { Brain } from '../bot/brain.ts';
import type { Bus } from '../bus/index.ts';
import { detectLanguage } from '../engine/brain.ts';
import { KefuError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { BotContentAdmin } from './content.ts';
import { Datasets } from './datasets.ts';
import { type JobLimits, TrainingJobs } from './jobs.ts';
import { ModelVersions } from './versions.ts';

export { type FaqInput, MAX_FAQ_ARTICLES } from './content.ts';
export type { TrainRequest } from './jobs.ts';
export { jobView, type ModelStatus, versionDetail, versionView } from './status.ts';
export { type DatasetFormat, formatOf, MAX_EXAMPLE_CHARS, MAX_UPLOAD_BYTES } from './upload.ts';

export interface BotAdminOptions {
  store: Store;
  bus: Bus;
  nodeId: string;
  brain: Brain;
  log: Logger;
  jobs: JobLimits;
  maxExamples: number;
}

export class BotAdmin {
  readonly datasets: Datasets;
  readonly jobs: TrainingJobs;
  readonly versions: ModelVersions;
  readonly content: BotContentAdmin;

  constructor(private readonly options: BotAdminOptions) {
    const { store, brain, log } = options;
    this.versions = new ModelVersions(store, brain, log);
    this.jobs = new TrainingJobs(
      store,
      options.bus,
      options.nodeId,
      this.versions,
      options.jobs,
      log,
    );
    this.datasets = new Datasets(store, brain, { maxExamples: options.maxExamples });
    this.content = new BotContentAdmin(store, brain);
  }

  /**
   * What the tenant's bot would do with `text` (as a first message): the prediction and
   * the decision, nothing stored. `version` tries a ready version before activating it.
   */
  async tryMessage(tenantId: string, text: string, version?: number) {
    const { brain } = this.options;
    const language = detectLanguage(text);
    const row = version === undefined ? undefined : await this.versions.get(tenantId, version);
    if (row && row.status !== 'ready' && row.status !== 'active')
      throw new KefuError('conflict', `version ${row.version} is ${row.status}: nothing to try`);
    const trial = row && row.status !== 'active' ? await this.versions.load(row) : undefined;
    try {
      const prediction = await brain.classify(
        tenantId,
        text,
        trial && row
          ? { modelId: row.id, version: row.version, runtime: trial, bytes: 0 }
          : undefined,
      );
      const decision = await brain.reply({
        tenantId,
        text,
        language,
        prediction,
        misses: 0,
        customerName: null,
      });
      return {
        language,
        prediction,
        decision,
      };
    } finally {
      await trial?.close();
    }
  }

  /** Stops training jobs (they are recorded as failed). */
  stop(): Promise<void> {
    return this.jobs.stop();
  }
}
