import { describe, expect, it } from 'bun:test';
import { fnv1a32 } from '../../src/intent/hash.ts';
import { DEFAULT_FEATURIZER, featurize, normalizeText, tokenize } from '../../src/intent/index.ts';

describe('featurizer', () => {
  it('hashes with the stable FNV-1a reference values', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('gives identical features for the same text on every call', () => {
    const a = featurize('Where is my order #12345? 我的快递到哪了', DEFAULT_FEATURIZER);
    const b = featurize('Where is my order #12345? 我的快递到哪了', DEFAULT_FEATURIZER);
    expect([...a.ids]).toEqual([...b.ids]);
    expect([...a.values]).toEqual([...b.values]);
    expect(a.ids.length).toBeGreaterThan(20);
    for (const id of a.ids) expect(id >= 0 && id < DEFAULT_FEATURIZER.buckets).toBe(true);
  });

  it('splits Chinese without spaces into character n-grams', () => {
    const tokens = tokenize('我要退货', DEFAULT_FEATURIZER);
    expect(tokens).toContain('h:退');
    expect(tokens).toContain('h:退货');
    expect(tokens).toContain('h:要退货');
    expect(tokens.some((t) => t.startsWith('w:'))).toBe(false);
  });

  it('handles mixed script: English words and Chinese runs side by side', () => {
    const tokens = tokenize('我的order到哪了', DEFAULT_FEATURIZER);
    expect(tokens).toContain('w:order');
    expect(tokens).toContain('h:我的');
    expect(tokens).toContain('h:到哪了');
    expect(tokens).toContain('c:<or');
  });

  it('folds full-width characters, case and digits', () => {
    expect(normalizeText('ＷＨＥＲＥ　ｉｓ  Order１２３', true)).toBe('where is order000');
    const full = featurize('ＷＨＥＲＥ ＩＳ ＭＹ ＯＲＤＥＲ', DEFAULT_FEATURIZER);
    const half = featurize('where is my order', DEFAULT_FEATURIZER);
    expect([...full.ids]).toEqual([...half.ids]);
  });

  it('adds word bigrams and boundary-marked character n-grams for English', () => {
    const tokens = tokenize('cancel order', DEFAULT_FEATURIZER);
    expect(tokens).toContain('b:cancel order');
    expect(tokens).toContain('c:<ca');
    expect(tokens).toContain('c:er>');
  });

  it('adds cross-word character n-grams only when spanNgramMax is set', () => {
    expect(tokenize('my order', DEFAULT_FEATURIZER).some((t) => t.startsWith('s:'))).toBe(false);
    const settings = { ...DEFAULT_FEATURIZER, spanNgramMin: 3, spanNgramMax: 4 };
    const tokens = tokenize('my order', settings);
    expect(tokens).toContain('s:y o');
    expect(tokens).toContain('s: my ');
  });

  it('gives no features for empty or symbol-only text', () => {
    expect(featurize('', DEFAULT_FEATURIZER).ids.length).toBe(0);
    expect(featurize('  ?!… ', DEFAULT_FEATURIZER).ids.length).toBe(0);
  });
});
