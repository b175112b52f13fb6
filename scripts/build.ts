/**
 * `bun run build` → `dist/`: the single executable `dist/kefu` (web apps, docs assets and
 * the training worker embedded) and what it reads beside itself: the migrations, the
 * default intent model, and onnxruntime's native library (which cannot be embedded).
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dir, '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const build = Bun.spawnSync(
  [
    process.execPath,
    'build',
    '--compile',
    '--minify',
    '--production',
    '--no-compile-autoload-dotenv',
    'src/cli.ts',
    'src/intent/train-worker.ts',
    '--outfile',
    join(dist, 'kefu'),
  ],
  { cwd: root, stdout: 'inherit', stderr: 'inherit' },
);
if (build.exitCode !== 0) process.exit(build.exitCode ?? 1);

for (const dir of ['db/sqlite', 'db/mysql', 'models/default']) {
  cpSync(join(root, dir), join(dist, dir), { recursive: true });
}
const ort = join(
  root,
  'node_modules/onnxruntime-node/bin/napi-v6',
  process.platform,
  process.arch,
  'libonnxruntime.so.1',
);
if (!existsSync(ort)) throw new Error(`onnxruntime's library not found at ${ort}`);
cpSync(ort, join(dist, 'libonnxruntime.so.1'));
console.log(
  `built ${join(dist, 'kefu')} with db/, models/default/ and libonnxruntime.so.1 beside it`,
);
