/**
 * Structured JSON logs (pino). One root logger; modules take a child with their name.
 * Secrets (tokens, passwords, keys) are redacted wherever they appear under these keys.
 */
import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'token',
        'password',
        'apiKey',
        'secret',
        '*.token',
        '*.password',
        '*.apiKey',
        '*.secret',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}

/** A logger that drops everything (tests, CLI commands printing JSON). */
export const silentLogger: Logger = pino({ level: 'silent' });
