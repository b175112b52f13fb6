/**
 * Loads onnxruntime-node on first use, never at import: commands that do not classify
 * never touch the native library. Inside a compiled binary the ORT binding is embedded
 * but `libonnxruntime.so.1` is not: it ships beside the binary, and is loaded here first
 * (by soname, the binding then finds it already in the process). ORT's telemetry is off
 * unless KEFU_ORT_TELEMETRY=1: libc's `setenv` is called because Bun's `process.env`
 * does not reach the native `getenv`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isCompiled } from '../paths.ts';

type Ort = typeof import('onnxruntime-node');

let loading: Promise<Ort> | undefined;

export function loadOrt(): Promise<Ort> {
  loading ??= (async () => {
    await prepareNativeEnvironment();
    return import('onnxruntime-node');
  })();
  return loading;
}

async function prepareNativeEnvironment(): Promise<void> {
  const ffi = await import('bun:ffi');
  const libc = ffi.dlopen(process.platform === 'darwin' ? 'libc.dylib' : 'libc.so.6', {
    setenv: { args: ['cstring', 'cstring', 'i32'], returns: 'i32' },
  });
  if (process.env.KEFU_ORT_TELEMETRY !== '1') {
    libc.symbols.setenv(Buffer.from('ORT_DISABLE_TELEMETRY\0'), Buffer.from('1\0'), 1);
  }
  if (!isCompiled) return;
  const beside = join(dirname(process.execPath), 'libonnxruntime.so.1');
  // Any one exported symbol will do: loading is the point.
  if (existsSync(beside)) ffi.dlopen(beside, { OrtGetApiBase: { args: [], returns: 'ptr' } });
}
