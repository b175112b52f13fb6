/** A small tenant (a gym) with its own intents, examples and answers. */

const hours = [
  'what time do you open',
  'when do you open in the morning',
  'what are your opening hours',
  'are you open on sunday',
  'what time does the gym close',
  'when do you close tonight',
  'opening hours on public holidays',
  'is the gym open late',
  'how early do you open on weekends',
  'are you open on saturday morning',
  '你们几点开门',
  '周末营业时间是几点',
];
const price = [
  'how much is a membership',
  'what does a monthly membership cost',
  'price of a yoga class',
  'how much for a day pass',
  'what are your membership fees',
  'is there a student discount on the price',
  'how much does personal training cost',
  'annual membership price',
  'cost of a ten class pass',
  'what is the fee to join',
  '月卡多少钱',
  '年卡价格是多少',
];
const cancel = [
  'how do I cancel my membership',
  'I want to cancel my subscription',
  'cancel my gym membership please',
  'how can I stop my membership',
  'end my contract',
  'I would like to terminate my membership',
  'can I freeze or cancel my plan',
  'stop charging me, cancel the membership',
  'how to quit the gym membership',
  'cancel membership online',
  '我要退会员卡',
  '怎么取消会员',
];
const parking = [
  'where can I park',
  'is there a car park',
  'do you have parking for members',
  'where do I leave my car',
  'parking near the gym',
  'is parking free',
  'can I park my bike',
  'parking spaces at the club',
  '停车场在哪里',
  '可以停车吗',
];

const rows = (label: string, texts: string[]) => texts.map((text) => ({ text, label }));

export const GYM_EXAMPLES = [
  ...rows('opening_hours', hours),
  ...rows('class_price', price),
  ...rows('cancel_membership', cancel),
];

/** The same gym later, with a fourth intent. */
export const GYM_EXAMPLES_WITH_PARKING = [...GYM_EXAMPLES, ...rows('parking', parking)];

export const GYM_ANSWERS = {
  formatVersion: 1,
  fallback: {
    zh: '抱歉，健身房小助手没听懂，请换个说法。',
    en: 'Sorry, the gym assistant did not get that. Could you rephrase?',
  },
  defaultGroup: 'front-desk',
  intents: {
    opening_hours: {
      zh: '我们每天 6:00-22:00 营业。',
      en: 'We are open 6:00-22:00 every day.',
    },
    class_price: {
      zh: '月卡 299 元，单次课 59 元。',
      en: 'A monthly membership is 299, a single class 59.',
    },
    cancel_membership: {
      zh: '退卡请到前台办理，我们为您转接。',
      en: 'Cancellations are handled at the front desk: passing you over.',
      handoff: true,
      group: 'front-desk',
    },
    parking: {
      zh: '会员可在地下车库免费停车两小时。',
      en: 'Members park free for two hours in the basement garage.',
    },
  },
};

export const GYM_CSV = [
  'text,label',
  ...GYM_EXAMPLES.map((e) => `"${e.text.replaceAll('"', '""')}",${e.label}`),
].join('\n');
