/** The caller's network address, for throttling: the socket's, or the proxy's word for it. */
import type { Server } from 'bun';

export function clientAddress(
  request: Request,
  server: Pick<Server<unknown>, 'requestIP'> | null | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    // The last entry is the one our own proxy appended; earlier ones the client wrote.
    const forwarded = request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return server?.requestIP(request)?.address ?? 'unknown';
}
