/**
 * Tenants' intent datasets and model versions, with the model files stored as blob parts
 * (so every node sharing the database can load any version).
 */
import { and, asc, count, desc, eq, inArray, max, ne } from 'drizzle-orm';
import { all, type Ctx, first, forUpdate, run } from './ops.ts';
import type { IntentDataset, IntentModel } from './schema/index.ts';

/** Largest blob part written in one statement (MySQL's `max_allowed_packet` is 16 MiB by default). */
export const MODEL_PART_BYTES = 4 * 1024 * 1024;

export type ModelFile = 'onnx' | 'meta';

export function* insertDataset(c: Ctx, row: IntentDataset) {
  yield* run(c.db.insert(c.s.intentDatasets).values(row));
}

/** The tenant's datasets without their examples, newest first. */
export function* listDatasets(c: Ctx, tenantId: string) {
  const d = c.s.intentDatasets;
  return yield* all(
    c.db
      .select({
        id: d.id,
        name: d.name,
        format: d.format,
        exampleCount: d.exampleCount,
        labelCounts: d.labelCounts,
        authorId: d.authorId,
        createdAt: d.createdAt,
      })
      .from(d)
      .where(eq(d.tenantId, tenantId))
      .orderBy(desc(d.createdAt), desc(d.id)),
  );
}

/** How many datasets and model versions the tenant keeps. */
export function* countIntentRows(c: Ctx, tenantId: string) {
  const d = c.s.intentDatasets;
  const m = c.s.intentModels;
  const datasets = yield* first(
    c.db.select({ n: count() }).from(d).where(eq(d.tenantId, tenantId)),
  );
  const models = yield* first(c.db.select({ n: count() }).from(m).where(eq(m.tenantId, tenantId)));
  return { datasets: Number(datasets?.n ?? 0), models: Number(models?.n ?? 0) };
}

export function* getDataset(c: Ctx, tenantId: string, id: string) {
  const d = c.s.intentDatasets;
  return yield* first(
    c.db
      .select()
      .from(d)
      .where(and(eq(d.tenantId, tenantId), eq(d.id, id))),
  );
}

export function* deleteDataset(c: Ctx, tenantId: string, id: string) {
  const d = c.s.intentDatasets;
  return yield* run(c.db.delete(d).where(and(eq(d.tenantId, tenantId), eq(d.id, id))));
}

/** Model columns without the files (listing, progress). */
export function* listModels(c: Ctx, tenantId: string) {
  const m = c.s.intentModels;
  return yield* all(c.db.select().from(m).where(eq(m.tenantId, tenantId)).orderBy(desc(m.version)));
}

export function* getModel(c: Ctx, tenantId: string, id: string) {
  const m = c.s.intentModels;
  return yield* first(
    c.db
      .select()
      .from(m)
      .where(and(eq(m.tenantId, tenantId), eq(m.id, id))),
  );
}

export function* getModelByVersion(c: Ctx, tenantId: string, version: number) {
  const m = c.s.intentModels;
  return yield* first(
    c.db
      .select()
      .from(m)
      .where(and(eq(m.tenantId, tenantId), eq(m.version, version))),
  );
}

/** The version serving the tenant, if the tenant activated one. */
export function* activeModel(c: Ctx, tenantId: string) {
  const m = c.s.intentModels;
  return yield* first(
    c.db
      .select()
      .from(m)
      .where(and(eq(m.tenantId, tenantId), eq(m.status, 'active'))),
  );
}

/** The tenant's jobs still marked `training` (some may have been interrupted). */
export function* trainingModels(c: Ctx, tenantId: string) {
  const m = c.s.intentModels;
  return yield* all(
    c.db
      .select()
      .from(m)
      .where(and(eq(m.tenantId, tenantId), eq(m.status, 'training'))),
  );
}

export function* nextModelVersion(c: Ctx, tenantId: string) {
  const m = c.s.intentModels;
  const row = yield* first(
    c.db
      .select({ last: max(m.version) })
      .from(m)
      .where(eq(m.tenantId, tenantId)),
  );
  return Number(row?.last ?? 0) + 1;
}

/** Locks the tenant's row until the transaction ends: one writer of the tenant's models at a time. */
export function* lockTenant(c: Ctx, tenantId: string) {
  const t = c.s.tenants;
  return yield* first(forUpdate(c, c.db.select({ id: t.id }).from(t).where(eq(t.id, tenantId))));
}

export function* insertModel(c: Ctx, row: IntentModel) {
  yield* run(c.db.insert(c.s.intentModels).values(row));
}

export function* updateModel(c: Ctx, tenantId: string, id: string, patch: Partial<IntentModel>) {
  const m = c.s.intentModels;
  return yield* run(
    c.db
      .update(m)
      .set(patch)
      .where(and(eq(m.tenantId, tenantId), eq(m.id, id))),
  );
}

/** Updates a job's row only while it is still `training` (a finished job is never reopened). */
export function* updateTrainingModel(
  c: Ctx,
  tenantId: string,
  id: string,
  patch: Partial<IntentModel>,
) {
  const m = c.s.intentModels;
  return yield* run(
    c.db
      .update(m)
      .set(patch)
      .where(and(eq(m.tenantId, tenantId), eq(m.id, id), eq(m.status, 'training'))),
  );
}

/** Makes `id` the tenant's active version; the previously active one becomes `ready`. */
export function* setActiveModel(c: Ctx, tenantId: string, id: string | null, at: number) {
  const m = c.s.intentModels;
  yield* run(
    c.db
      .update(m)
      .set({ status: 'ready' })
      .where(
        and(
          eq(m.tenantId, tenantId),
          eq(m.status, 'active'),
          ...(id === null ? [] : [ne(m.id, id)]),
        ),
      ),
  );
  if (id === null) return 0;
  return yield* run(
    c.db
      .update(m)
      .set({ status: 'active', activatedAt: at })
      .where(and(eq(m.tenantId, tenantId), eq(m.id, id), inArray(m.status, ['ready', 'active']))),
  );
}

export function* deleteModel(c: Ctx, tenantId: string, id: string) {
  const m = c.s.intentModels;
  yield* run(c.db.delete(c.s.intentModelParts).where(eq(c.s.intentModelParts.modelId, id)));
  return yield* run(c.db.delete(m).where(and(eq(m.tenantId, tenantId), eq(m.id, id))));
}

/** Stores a model file in parts of at most `MODEL_PART_BYTES`. */
export function* insertModelFile(c: Ctx, modelId: string, file: ModelFile, bytes: Uint8Array) {
  for (let offset = 0, part = 0; offset < bytes.length || part === 0; part++) {
    const end = Math.min(bytes.length, offset + MODEL_PART_BYTES);
    yield* run(
      c.db.insert(c.s.intentModelParts).values({
        modelId,
        file,
        part,
        bytes: Buffer.from(bytes.buffer, bytes.byteOffset + offset, end - offset),
      }),
    );
    offset = end;
  }
}

/** A model file put back together, or undefined when it has no parts. */
export function* readModelFile(c: Ctx, modelId: string, file: ModelFile) {
  const p = c.s.intentModelParts;
  const parts = yield* all(
    c.db
      .select({ bytes: p.bytes })
      .from(p)
      .where(and(eq(p.modelId, modelId), eq(p.file, file)))
      .orderBy(asc(p.part)),
  );
  if (parts.length === 0) return undefined;
  return new Uint8Array(Buffer.concat(parts.map((row) => row.bytes)));
}
