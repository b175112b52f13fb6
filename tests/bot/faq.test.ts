import { describe, expect, it } from 'bun:test';
import { FaqIndex, faqTokens } from '../../src/bot/index.ts';

const index = new FaqIndex([
  {
    id: 'returns',
    title: 'Return policy',
    body: 'Unused items can be returned within 7 days of delivery.',
  },
  {
    id: 'shipping',
    title: 'Shipping times',
    body: 'Orders ship within 24 hours and arrive in 2-4 days.',
  },
  { id: 'zh-returns', title: '退货政策', body: '签收7天内未使用的商品可以退货。' },
  { id: 'zh-invoice', title: '发票', body: '订单完成后可以申请电子发票。' },
]);

describe('FaqIndex', () => {
  it('ranks the article sharing the rare words first', () => {
    const [best] = index.search('what is your return policy');
    expect(best?.article.id).toBe('returns');
    expect(index.search('how long does shipping take')[0]?.article.id).toBe('shipping');
  });

  it('searches Chinese without spaces through character tokens', () => {
    expect(faqTokens('退货政策')).toContain('h:退货');
    expect(index.search('你们的退货政策是什么')[0]?.article.id).toBe('zh-returns');
    expect(index.search('怎么开发票')[0]?.article.id).toBe('zh-invoice');
  });

  it('returns no best match when the query is mostly unrelated words', () => {
    expect(index.bestMatch('what is the capital of france')).toBeNull();
    expect(index.bestMatch('')).toBeNull();
    expect(index.search('')).toEqual([]);
  });

  it('is deterministic in ranking ties', () => {
    expect(index.search('policy days')).toEqual(index.search('policy days'));
    expect(index.size).toBe(4);
  });
});
