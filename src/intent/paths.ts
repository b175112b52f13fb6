/** Where the shipped model lives. */
import { resolve } from 'node:path';

/**
 * The default model folder: `override` if given (e.g. `config.modelDir`), else
 * `models/default` of this repository. Compiled binaries should pass an override.
 */
export function defaultModelDir(override?: string): string {
  return override ? resolve(override) : resolve(import.meta.dir, '../../models/default');
}

/** The shipped training data folder (`models/data`). */
export function defaultDataDir(): string {
  return resolve(import.meta.dir, '../../models/data');
}
