/**
 * A throw-away MySQL/MariaDB database per suite run, so MySQL numbers never mix with
 * someone else's data: created before the server starts, dropped after it stops.
 */
import mysql from 'mysql2/promise';
import { onInterrupt } from '../procs.ts';

/** Creates `kefu_bench_<time>` on the server of `baseUrl`; returns its URL and a drop function. */
export async function scratchDatabase(
  baseUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = new URL(baseUrl);
  server.pathname = '/';
  const name = `kefu_bench_${Date.now().toString(36)}`;
  const admin = await mysql.createConnection(server.toString());
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  const drop = async () => {
    const conn = await mysql.createConnection(server.toString());
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.end();
  };
  const forget = onInterrupt(drop);
  return {
    url: url.toString(),
    drop: async () => {
      forget();
      await drop();
    },
  };
}
