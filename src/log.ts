/**
 * Structured JSON logs (pino). One root logger; modules take a child with their name.
 * Secrets (tokens, passwords, keys) are redacted wherever they appear under these keys.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

/** The root logger; `destination` (default stdout) lets tests read what would be logged. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'token',
          'password',
          'apiKey',
          'secret',
          'appSecret',
          'encodingAesKey',
          'identitySecret',
          'pass',
          '*.token',
          '*.password',
          '*.apiKey',
          '*.secret',
          '*.appSecret',
          '*.encodingAesKey',
          '*.identitySecret',
          '*.pass',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** A logger that drops everything (tests, CLI commands printing JSON). */
export const silentLogger: Logger = pino({ level: 'silent' });
