import { describe, expect, it } from 'bun:test';
import { detectLanguage } from '../../src/bot/index.ts';

describe('detectLanguage', () => {
  it('detects Chinese, English and mixed script', () => {
    expect(detectLanguage('我的快递到哪了')).toBe('zh');
    expect(detectLanguage('where is my order')).toBe('en');
    expect(detectLanguage('我的order到哪了')).toBe('zh');
    expect(detectLanguage('iPhone 15 有货吗')).toBe('zh');
    expect(detectLanguage('where is my 订单 please')).toBe('en');
    expect(detectLanguage('ＨＥＬＬＯ')).toBe('en');
  });

  it('uses the fallback for text without letters', () => {
    expect(detectLanguage('123 ???')).toBe('en');
    expect(detectLanguage('👍', 'zh')).toBe('zh');
  });
});
