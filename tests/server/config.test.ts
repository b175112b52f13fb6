import { describe, expect, it } from 'bun:test';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('config', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dbUrl: undefined, maxTextChars: 4000, logLevel: 'info' });
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it.each([
    ['KEFU_PORT', 'abc', /KEFU_PORT: expected an integer/],
    ['KEFU_PORT', '70000', /KEFU_PORT: must be between 0 and 65535/],
    ['KEFU_DB_URL', 'postgres://x', /KEFU_DB_URL: scheme must be mysql or mariadb/],
    ['KEFU_DB_URL', 'not a url', /KEFU_DB_URL: not a valid URL/],
    ['KEFU_LOG_LEVEL', 'loud', /KEFU_LOG_LEVEL: must be one of/],
    ['KEFU_SECRET', 'short', /KEFU_SECRET: must be at least 32 characters/],
    ['KEFU_MAX_FRAME_BYTES', '1', /KEFU_MAX_FRAME_BYTES: must be between/],
  ])('refuses %s=%s naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
