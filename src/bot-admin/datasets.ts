/**
 * A tenant's training datasets: an upload is parsed and checked whole (see `upload.ts`),
 * then stored with its answers, if it brought any, in one transaction.
 */
import type { Brain } from '../bot/brain.ts';
import { KefuError, notFound } from '../errors.ts';
import {
  countIntentRows,
  deleteDataset,
  getDataset,
  type IntentDataset,
  insertDataset,
  listDatasets,
  type Store,
  saveBotAnswers,
} from '../store/index.ts';
import { type DatasetFormat, parseDataset, type UploadLimits } from './upload.ts';

/** Datasets a tenant keeps (each up to 8 MiB): delete old ones to upload more. */
export const MAX_DATASETS = 50;

export class Datasets {
  constructor(
    private readonly store: Store,
    private readonly brain: Brain,
    private readonly limits: UploadLimits,
  ) {}

  /** Parses, checks and stores an upload; nothing is stored when any line has a problem. */
  async upload(
    tenantId: string,
    authorId: string | null,
    text: string,
    format: DatasetFormat,
    name: string | undefined,
  ): Promise<{ dataset: IntentDataset; answersSaved: boolean }> {
    const parsed = parseDataset(text, format, name, this.limits);
    const now = Date.now();
    const dataset: IntentDataset = {
      id: Bun.randomUUIDv7(),
      tenantId,
      name: parsed.name,
      format,
      examples: parsed.examples,
      exampleCount: parsed.examples.length,
      labelCounts: parsed.labelCounts,
      authorId,
      createdAt: now,
    };
    const answers = parsed.answers;
    await this.store.tx(function* (c) {
      if ((yield* countIntentRows(c, tenantId)).datasets >= MAX_DATASETS)
        throw new KefuError(
          'conflict',
          `at most ${MAX_DATASETS} datasets per tenant: delete old ones first`,
        );
      yield* insertDataset(c, dataset);
      if (answers) yield* saveBotAnswers(c, { tenantId, answers, authorId, updatedAt: now });
    });
    if (answers) {
      this.brain.content.invalidate(tenantId);
      this.brain.changed(tenantId, 'answers');
    }
    return { dataset, answersSaved: answers !== undefined };
  }

  list(tenantId: string) {
    return this.store.read((c) => listDatasets(c, tenantId));
  }

  async get(tenantId: string, id: string): Promise<IntentDataset> {
    const row = await this.store.read((c) => getDataset(c, tenantId, id));
    if (!row) throw notFound('dataset');
    return row;
  }

  /** Deletes a dataset; versions trained from it keep their model. */
  async remove(tenantId: string, id: string): Promise<void> {
    if ((await this.store.tx((c) => deleteDataset(c, tenantId, id))) === 0)
      throw notFound('dataset');
  }
}
