/** A small bilingual training set for fast tests. */
import type { LabelledUtterance } from '../../src/intent/index.ts';

const raw: Record<string, string[]> = {
  order_status: [
    '我的快递到哪了',
    '订单到哪里了',
    '查一下物流',
    '包裹怎么还没到',
    'where is my order',
    'track my package',
    'my parcel has not arrived',
    'order status please',
    'has my order shipped',
  ],
  return_exchange: [
    '我要退货',
    '怎么退货',
    '想换个尺码',
    '可以退换吗',
    'i want to return this',
    'how do i return an item',
    'exchange for another size',
    'return policy',
    'send it back',
  ],
  greeting: [
    '你好',
    '您好',
    '在吗',
    '哈喽',
    'hello',
    'hi',
    'hey there',
    'good morning',
    'hi there',
  ],
  refund: [
    '我要退款',
    '退款什么时候到账',
    '钱什么时候退',
    '申请退款',
    'i want a refund',
    'where is my refund',
    'money back please',
    'refund status',
    'how long do refunds take',
  ],
};

export const SMALL_DATA: LabelledUtterance[] = Object.entries(raw).flatMap(([label, texts]) =>
  texts.map((text) => ({ text, label })),
);

export const SMALL_OPTIONS = {
  featurizer: { buckets: 1 << 12 },
  epochs: 6,
  batchSize: 8,
  calibrationFolds: 1,
  holdoutFraction: 0.2,
};
