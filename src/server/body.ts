/** Raw request bodies with a hard size limit: refused as soon as they grow past it. */
import { KefuError } from '../errors.ts';

/**
 * Reads the body as bytes, never more than `maxBytes` (a larger `content-length` is refused
 * before reading, a longer stream as soon as it passes the limit).
 * @throws KefuError `payload_too_large`
 */
export async function readBody(request: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new KefuError('payload_too_large', `body larger than ${maxBytes} bytes`);
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
