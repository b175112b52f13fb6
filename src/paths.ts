/**
 * Where kefu's shipped files (migrations, models, web assets) live: beside the compiled
 * binary (`dist/kefu` and its folders), or in the repository when run from source.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dir, '..');

/** True inside a `bun build --compile` executable. */
export const isCompiled =
  import.meta.path.startsWith('/$bunfs/') || import.meta.dir.startsWith('/$bunfs');

/** Resolves a shipped file or folder by its repository-relative path, e.g. `db/sqlite`. */
export function shippedPath(relative: string): string {
  if (isCompiled) {
    const beside = join(dirname(process.execPath), relative);
    if (existsSync(beside)) return beside;
  }
  return join(repoRoot, relative);
}
