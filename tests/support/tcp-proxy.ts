/**
 * A TCP proxy on 127.0.0.1 that can be cut and restored: a real network outage between
 * kefu and a database, without stopping the database everyone else uses.
 */
import type { Socket, TCPSocketListener } from 'bun';

export interface TcpProxy {
  port: number;
  cut(): void;
  restore(): void;
  close(): void;
}

export function tcpProxy(targetPort: number, targetHost = '127.0.0.1'): TcpProxy {
  let open = true;
  const pairs = new Set<{ client: Socket<Data>; upstream?: Socket<Data> }>();
  type Data = { pair: { client: Socket<Data>; upstream?: Socket<Data>; buffered: Uint8Array[] } };
  const listener: TCPSocketListener<Data> = Bun.listen<Data>({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      open(client) {
        if (!open) {
          client.end();
          return;
        }
        const pair = {
          client,
          upstream: undefined as Socket<Data> | undefined,
          buffered: [] as Uint8Array[],
        };
        client.data = { pair };
        pairs.add(pair);
        void Bun.connect<Data>({
          hostname: targetHost,
          port: targetPort,
          data: { pair },
          socket: {
            open(upstream) {
              pair.upstream = upstream;
              for (const chunk of pair.buffered) upstream.write(chunk);
              pair.buffered = [];
            },
            data(_, chunk) {
              pair.client.write(chunk);
            },
            close() {
              pair.client.end();
              pairs.delete(pair);
            },
            error() {
              pair.client.end();
            },
          },
        }).catch(() => client.end());
      },
      data(client, chunk) {
        const pair = client.data.pair;
        if (pair.upstream) pair.upstream.write(chunk);
        else pair.buffered.push(new Uint8Array(chunk));
      },
      close(client) {
        client.data?.pair.upstream?.end();
        if (client.data) pairs.delete(client.data.pair);
      },
      error() {},
    },
  });
  return {
    port: listener.port,
    cut() {
      open = false;
      for (const pair of pairs) {
        pair.client.end();
        pair.upstream?.end();
      }
      pairs.clear();
    },
    restore() {
      open = true;
    },
    close() {
      this.cut();
      listener.stop(true);
    },
  };
}
