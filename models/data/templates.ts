/**
 * Hand-written utterance templates of the default e-commerce intents, in Chinese and
 * English. `generate.ts` expands them (slots, polite prefixes, endings, a few seeded
 * typos) into `train.jsonl`. `eval.jsonl` is written separately, by hand, with other
 * wordings, so it measures generalisation rather than template recall.
 *
 * Slots: {item} a product, {n} a number. Templates marked by `bare` get no prefix/suffix.
 * `oos` holds off-topic requests: the model learns to decline them (a predicted `oos` is a
 * decline), beside the confidence threshold.
 */

export interface IntentTemplates {
  zh: string[];
  en: string[];
  /** Short social phrases: used as written, no polite prefix or ending. */
  bare?: boolean;
}

export const ITEMS_ZH = [
  '衣服', '鞋子', '手机', '耳机', '外套', '裤子', '包包', '充电器', '电饭煲', '口红', '连衣裙', '背包',
  '手表', '键盘', '奶粉', '羽绒服', '面膜', '台灯', '运动鞋', 'T恤',
];
export const ITEMS_EN = [
  'shoes', 'jacket', 'phone', 'headphones', 'dress', 'backpack', 'charger', 'rice cooker',
  'lipstick', 'watch', 'keyboard', 'sneakers', 't-shirt', 'coat', 'laptop bag', 'desk lamp',
  'blender', 'jeans', 'earbuds', 'hoodie',
];

export const PREFIX_ZH = ['', '', '', '你好，', '您好，', '请问', '亲，', '客服，', '在吗？', '麻烦问一下，', 'hi，', '那个，'];
export const SUFFIX_ZH = ['', '', '', '？', '呢', '啊', '。', '？？', '谢谢', '急！', '～'];
export const PREFIX_EN = ['', '', '', 'hi, ', 'hello, ', 'hey ', 'excuse me, ', 'quick question: ', 'um ', 'hi there. '];
export const SUFFIX_EN = ['', '', '', '?', ' please', ' thanks', '??', '!', ' asap', ' thx'];

export const TEMPLATES: Record<string, IntentTemplates> = {
  order_status: {
    zh: [
      '我的快递到哪了', '我的订单到哪里了', '包裹现在在哪', '查一下物流', '帮我查下订单{n}的物流',
      '我买的{item}到哪了', '快递怎么还没到', '订单状态是什么', '物流信息一直没更新', '能帮我看看我的单子到哪了吗',
      '我的货发出来没有', '发货了吗', '什么时候能收到我的{item}', '物流怎么不动了', '查快递',
      '我的order到哪了', '单号{n}现在到哪了', '我想知道包裹的位置', '订单显示已发货但是没物流', '快递到哪一步了',
      '我的件到了没', '包裹是不是丢了', '怎么查我的订单进度', '我下的单现在什么情况', '物流到哪一步了能查吗', '我的东西寄出来了吗', '订单一直显示待发货', '快递单号是多少', '我的包裹几天没动静了', '查询物流进度', '帮我追踪一下这个单',],
    en: [
      'where is my order', 'where is my package', 'track my order', 'order status', 'can you check order {n} for me',
      'where is my {item}', 'my parcel has not arrived yet', 'has my order shipped', 'tracking shows no update',
      'what is the status of my order', 'when will my {item} arrive', 'i want to track my package',
      'my package is stuck in transit', 'is my order on the way', 'has my stuff been sent out',
      'wheres my order', 'where is my oder', 'tracking number for order {n}', 'i still havent received my order',
      'my delivery is late where is it', 'order {n} status please', 'can you tell me where my parcel is',
      'my 订单 where is it', 'did you ship my order already', 'whats the tracking number', 'can you track order {n}', 'my order says processing for days', 'is my parcel lost', 'package hasnt moved in days', 'any news about my delivery', 'how do i track my order',],
  },
  shipping_time: {
    zh: [
      '多久能发货', '几天能到', '什么时候发货', '下单后多久发货', '发货要几天', '寄到上海要几天',
      '今天下单明天能到吗', '一般几天能收到', '发什么快递，多久到', '周末发货吗', '现在下单什么时候能到',
      '预售的{item}什么时候发', '能不能加急发货', '送到北京需要多长时间', '配送时间是多久', '今天能发出吗',
      '偏远地区几天到', '多久可以送达', '国际快递要多久', '付款后多久发出', '预计什么时候送到', '大概几号能到', '最快几天到货',],
    en: [
      'how long does shipping take', 'when will you ship', 'how many days for delivery', 'how fast is delivery',
      'if i order today when will it arrive', 'do you ship on weekends', 'how long to ship to california',
      'what is the delivery time', 'can i get express shipping', 'when do preorders of the {item} ship',
      'how long until it ships', 'estimated delivery time', 'will it arrive by friday', 'do you offer next day delivery',
      'how long does international shipping take', 'shipping time to canada', 'how soon can you send the {item}',
      'processing time before shipping', 'how many business days to deliver', 'when can i expect my order', 'whats the estimated arrival', 'how soon will it arrive', 'delivery estimate for my area',],
  },
  change_address: {
    zh: [
      '我要改地址', '修改收货地址', '地址填错了', '能帮我换个收货地址吗', '收货地址写错了怎么办',
      '我搬家了，想改一下地址', '订单{n}的地址要改', '已经发货了还能改地址吗', '我想把地址改成公司',
      '电话号码填错了', '收件人名字写错了', '能不能送到别的地址', '改一下收件信息', '地址少写了门牌号',
      '帮我把地址改到杭州', '改收货地址', '地址能改吗', '我要换收货人', '修改一下收件电话', '收货地址更新一下',],
    en: [
      'i need to change my address', 'change shipping address', 'i entered the wrong address',
      'can you update my delivery address', 'wrong address on order {n}', 'i moved, please change the address',
      'can i change the address after shipping', 'ship it to my office instead', 'update the phone number on my order',
      'the recipient name is wrong', 'deliver to a different address', 'i forgot my apartment number',
      'edit my shipping info', 'change adress', 'i typed my zip code wrong', 'how do i change the delivery address', 'can i change where it ships', 'wrong delivery address, please fix', 'i want to update the recipient', 'change the phone number for delivery',],
  },
  cancel_order: {
    zh: [
      '我要取消订单', '取消订单', '不想要了，帮我取消', '订单{n}取消一下', '怎么取消订单', '拍错了，取消吧',
      '能不能取消刚才的订单', '还没发货可以取消吗', '我下错单了要取消', '帮我把这个单撤销', '取消购买',
      '不买了', '订单怎么取消不了', '我想退掉这个还没发的订单', '重复下单了，取消一个', '订单不要了', '我要撤单', '取消我的购买', '帮我退掉这个订单别发了',],
    en: [
      'i want to cancel my order', 'cancel order', 'please cancel order {n}', 'how do i cancel my order',
      'i ordered by mistake, cancel it', 'can i cancel before it ships', 'i changed my mind, cancel the order',
      'cancel my purchase', 'i placed a duplicate order, cancel one', 'stop my order', 'cancel the {item} order',
      'i dont want it anymore cancel', 'cancle my order', 'why cant i cancel my order', 'please void this order', 'i no longer want this order', 'please dont ship, cancel it', 'withdraw my order', 'cancel everything i ordered',],
  },
  refund: {
    zh: [
      '我要退款', '退款什么时候到账', '钱什么时候退给我', '申请退款', '退款进度怎么查', '退款还没收到',
      '已经退货了，钱呢', '能不能直接退钱', '退款退到哪里', '退款要几天', '我的退款被拒绝了', '仅退款可以吗',
      '订单{n}退款', '退款到账了吗', '怎么申请退款', '退钱', '多扣的钱能退吗', '退款审核要多久', '退的钱去哪了', '退款显示成功但没到', '钱能不能退到微信', '什么时候给我退钱',],
    en: [
      'i want a refund', 'when will i get my refund', 'refund status', 'how do i request a refund',
      'i returned it but no refund yet', 'can i get my money back', 'where is my refund', 'how long do refunds take',
      'my refund was rejected', 'refund for order {n}', 'refund not received', 'i was charged twice, refund please',
      'give me my money back', 'refund to my original card', 'has my refund been processed', 'refnd please', 'refund still pending', 'i have not been refunded', 'when is my money coming back', 'my refund is taking too long', 'refund to paypal please',],
  },
  return_exchange: {
    zh: [
      '我要退货', '我想换货', '怎么退货', '{item}不合适想换一个', '可以退换吗', '七天无理由退货',
      '退货流程是什么', '换个尺码', '我想退掉这件{item}', '不喜欢，想退', '退货地址是多少', '换货要多久',
      '颜色不喜欢能换吗', '退货运费谁出', '申请退换货', '这个能退吗', '我要换一个颜色', '买大了想换小一码', '我想退回去', '能寄回去换新的吗', '东西不满意要退', '怎么寄回给你们', '可以换一件吗',],
    en: [
      'i want to return this', 'how do i return an item', 'i want to exchange my {item}', 'can i return this',
      'return policy', 'i need a different size', 'exchange for another color', 'how to send it back',
      'the {item} doesnt fit, can i swap it', 'i want to return the {item}', 'what is the return address',
      'who pays for return shipping', 'start a return', 'how many days do i have to return', 'i want to retrun this',
      'can i exchange it for a bigger size', 'i dont like it, send it back', 'i want to send it back', 'how do i ship it back to you', 'can i swap it for a new one', 'not happy, returning it', 'exchange please',],
  },
  repair_warranty: {
    zh: [
      '{item}坏了能修吗', '保修多久', '在保修期内吗', '怎么申请保修', '{item}用了一周就坏了', '维修去哪里',
      '质保期是多久', '坏了可以免费修吗', '售后维修怎么弄', '屏幕不亮了', '充不进电了，怎么保修', '开不了机',
      '有没有延保', '维修要多长时间', '保修需要发票吗', '过保了还能修吗', '东西坏了怎么办', '能不能上门维修', '有质保吗', '保修卡丢了还能修吗', '不能用了怎么处理',],
    en: [
      'my {item} is broken, can you repair it', 'how long is the warranty', 'is it still under warranty',
      'how do i make a warranty claim', 'the {item} stopped working after a week', 'where can i get it repaired',
      'the screen does not turn on', 'it wont charge anymore', 'do you offer extended warranty',
      'how long does a repair take', 'free repair under warranty', 'warranty period for the {item}',
      'it broke, is that covered', 'the {item} is defective and needs fixing', 'warrenty claim', 'it stopped working', 'can you fix my {item}', 'does it have a warranty', 'broken after two weeks', 'who repairs it',],
  },
  payment_failed: {
    zh: [
      '付款失败', '支付不了', '付不了款怎么办', '支付宝付款一直失败', '微信支付失败', '银行卡付款提示错误',
      '扣钱了但是订单显示未付款', '付款页面打不开', '为什么支付不成功', '信用卡被拒', '付款一直转圈',
      '钱扣了订单没生成', '支付超时了', '付款的时候报错', '付款老是不成功', '支付的时候卡住了', '付款显示异常', '付不了钱',],
    en: [
      'payment failed', 'i cant pay', 'my card was declined', 'payment is not going through',
      'i was charged but the order says unpaid', 'checkout keeps failing', 'paypal payment error',
      'why did my payment fail', 'the payment page wont load', 'error when paying', 'transaction declined',
      'money taken but no order', 'payment timed out', 'cant complete checkout', 'payment error at checkout', 'my card keeps failing', 'the charge did not go through', 'i tried to pay but it failed',],
  },
  invoice: {
    zh: [
      '怎么开发票', '我要开发票', '能开增值税专用发票吗', '发票什么时候给', '电子发票在哪里下载', '发票抬头写错了',
      '能开公司抬头的发票吗', '订单{n}开票', '补开发票', '发票丢了能重开吗', '需要纸质发票', '开票信息怎么填',
      '发票可以邮寄吗', '税号填错了', '开个发票', '发票在哪看', '可以开专票吗', '电子发票能发邮箱吗',],
    en: [
      'i need an invoice', 'how do i get an invoice', 'can you send me a receipt', 'invoice for order {n}',
      'i need a vat invoice', 'where can i download my invoice', 'the invoice has the wrong company name',
      'can i get a paper invoice', 'resend my receipt', 'add my tax id to the invoice', 'invoice please',
      'i need a receipt for my company', 'billing document for my purchase', 'invioce', 'send me the invoice', 'i need a receipt', 'can i get a tax invoice', 'invoice copy please',],
  },
  coupon: {
    zh: [
      '优惠券怎么用', '优惠券用不了', '有优惠券吗', '领券', '满减怎么算', '优惠码在哪输入', '优惠券过期了',
      '新人有优惠吗', '为什么不能用券', '折扣码无效', '有没有打折活动', '红包怎么用', '积分能抵扣吗',
      '这个{item}能用券吗', '双十一有什么优惠', '有没有满减', '券怎么领', '优惠码怎么用', '这个活动怎么参加',],
    en: [
      'how do i use a coupon', 'my coupon code is not working', 'do you have any discount codes', 'promo code invalid',
      'where do i enter the coupon', 'my coupon expired', 'any discount for new customers', 'is there a sale',
      'can i use a voucher on the {item}', 'apply discount code', 'do you have a promo right now',
      'coupon wont apply at checkout', 'cupon code', 'black friday deals', 'any coupons available', 'how do i get a discount', 'discount not applied', 'where to get a promo code',],
  },
  product_availability: {
    zh: [
      '{item}有货吗', '这款还有吗', '什么时候补货', '缺货了吗', '{item}卖完了吗', '还有现货吗',
      '这个颜色有货吗', '黑色的还有没有', '这款会再上架吗', '库存还有多少', '有没有{item}', '你们卖{item}吗',
      'iPhone有货吗', '这个什么时候到货', '这个有货没', '还能买到吗', '现在有现货吗', '你们店有没有卖{item}',],
    en: [
      'is the {item} in stock', 'do you have this in stock', 'when will it be back in stock', 'is it sold out',
      'do you sell {item}', 'is the black one available', 'will you restock the {item}', 'any left in stock',
      'is this item available', 'out of stock?', 'do you carry {item}', 'how many do you have left', 'in stok?',
      'can i still buy the {item}', 'is it available now', 'do you still have it', 'can i buy the {item} now', 'have you got this in stock',],
  },
  size_spec: {
    zh: [
      '尺码怎么选', '我身高170穿多大', '这件偏大还是偏小', '有尺码表吗', '{item}是什么材质', '尺寸是多少',
      '这个多重', '电池容量多大', '能防水吗', '{item}的参数', '鞋子码数标准吗', '体重60公斤穿什么码',
      '这个是纯棉的吗', '长宽高是多少', '支持快充吗', '这个尺寸多大', '是什么面料', '重量是多少', '适合多高的人穿', '有多长',],
    en: [
      'what size should i get', 'is there a size chart', 'does it run small or large', 'what material is the {item}',
      'what are the dimensions', 'how much does it weigh', 'is it waterproof', 'specs of the {item}',
      'i am 5 foot 8 what size', 'is it true to size', 'what is the battery capacity', 'is this cotton',
      'does the {item} support fast charging', 'size guide please', 'how big is it', 'how big is the {item}', 'what fabric is it', 'measurements please', 'what size fits me', 'how long is it',],
  },
  account_login: {
    zh: [
      '登录不了', '账号登不上去', '登录提示错误', '收不到验证码', '账号被锁了', '怎么注册账号', '换手机号了登不上',
      '账号被封了', '一直提示账号异常', '微信登录失败', 'app登录不了', '怎么注销账号', '绑定手机号',
      '验证码收不到怎么办', '我的账号进不去', '注册不了', '怎么注册', '账户登录异常', '登录页面一直报错',],
    en: [
      'i cant log in', 'login not working', 'my account is locked', 'i dont receive the verification code',
      'how do i create an account', 'i changed my phone number and cant sign in', 'my account was suspended',
      'sign in error', 'the app wont let me log in', 'how to delete my account', 'link my phone number',
      'cant access my account', 'loging problem', 'two factor code never arrives', 'i cannot get into my account', 'sign up not working', 'how do i sign up', 'account login error', 'the code to log in never comes',],
  },
  password_reset: {
    zh: [
      '忘记密码了', '怎么重置密码', '密码找不回来', '改密码', '修改登录密码', '重置密码的邮件没收到',
      '密码错误太多次', '支付密码忘了', '怎么找回密码', '想换个密码', '密码改不了', '重设密码', '密码忘了进不去', '重置链接没收到',],
    en: [
      'i forgot my password', 'how do i reset my password', 'reset password', 'change my password',
      'password reset email not received', 'too many wrong password attempts', 'forgot pin', 'recover my password',
      'i want a new password', 'pasword reset', 'cant remember my password', 'reset my password please', 'i need to change my password', 'forgot my login password', 'password reset link not working',],
  },
  complaint: {
    zh: [
      '我要投诉', '投诉你们的快递员', '服务太差了', '我很不满意', '你们怎么回事', '太失望了',
      '我要投诉客服', '态度太差', '再不解决我就投诉到消费者协会', '骗子', '垃圾服务', '等了一个星期没人管',
      '我要给差评', '你们的质量太差了', '什么破店', '太差劲了', '我要举报', '你们这样做不对', '非常生气', '投诉！',],
    en: [
      'i want to file a complaint', 'this is terrible service', 'i am very unhappy', 'your courier was rude',
      'i want to complain about your staff', 'worst experience ever', 'this is unacceptable',
      'i will report you', 'you are scammers', 'nobody is helping me', 'i am going to leave a bad review',
      'complaint about the delivery guy', 'i am really disappointed', 'this is a joke', 'compliant about service', 'i am furious', 'terrible, just terrible', 'i want to report this', 'you people are useless', 'awful customer service',],
  },
  human_agent: {
    zh: [
      '人工', '转人工', '人工客服', '我要找人工', '找真人', '不要机器人', '转接客服', '有人吗', '叫你们客服来',
      '我要跟人说话', '人工服务', '接人工', '找个客服', '转人工客服谢谢', '人工人工', '请帮我转人工', '找你们的工作人员', '要真人客服',],
    en: [
      'talk to a human', 'human agent', 'agent', 'i want to speak to a person', 'real person please',
      'connect me to customer service', 'representative', 'stop the bot', 'can i talk to someone',
      'transfer me to an agent', 'live agent', 'i need a human', 'speak to a manager', 'operator', 'human please', 'let me talk to staff', 'i want a real agent', 'put me through to support staff',],
  },
  greeting: {
    bare: true,
    zh: ['你好', '您好', '在吗', '哈喽', '嗨', '早上好', '晚上好', '下午好', '亲在吗', '有人在吗', 'hi', '你好呀', '在不在', '嗨嗨', '你好，客服', '晚上好呀', '喂',],
    en: ['hello', 'hi', 'hey', 'good morning', 'good afternoon', 'good evening', 'hi there', 'hello there', 'hey there', 'helo', 'hiya', 'yo', 'hey hey', 'hello hello', 'morning', 'hi!',],
  },
  thanks: {
    bare: true,
    zh: ['谢谢', '谢谢你', '多谢', '好的谢谢', '非常感谢', '感谢', '辛苦了', '谢啦', '麻烦你了谢谢', '好的，明白了，谢谢', 'thx', '3q', '好的，谢谢', '谢了', '感激', '万分感谢',],
    en: ['thanks', 'thank you', 'thanks a lot', 'thank you so much', 'many thanks', 'cheers', 'thx', 'ty', 'appreciate it', 'great thanks', 'ok thank you', 'thank u', 'thanks!', 'thank you kindly', 'got it thanks', 'ok thanks a lot',],
  },
  goodbye: {
    bare: true,
    zh: ['再见', '拜拜', '没事了', '就这样吧', '好的再见', '下次聊', '没有其他问题了', '88', '先这样', '回头见', '好的，再见', '那就这样，拜拜', '走了', '下次见',],
    en: ['bye', 'goodbye', 'see you', 'thats all', 'nothing else', 'bye bye', 'have a nice day', 'that is all i needed', 'see ya', 'later', 'bye now', 'goodbye and thanks', 'talk later',],
  },
  delivery_damaged: {
    zh: [
      '收到的{item}是坏的', '包裹破损了', '快递盒子压坏了', '东西摔碎了', '收到就有划痕', '屏幕裂了',
      '外包装破了，里面也坏了', '{item}到的时候已经损坏', '漏液了', '收到的杯子碎了', '东西坏了，送来就这样', '快递把东西摔坏了', '商品有破损', '收到的时候是碎的',],
    en: [
      'my {item} arrived damaged', 'the package was crushed', 'it arrived broken', 'the box was damaged',
      'there are scratches on it', 'the screen was cracked on arrival', 'the item was smashed in transit',
      'it was leaking when it arrived', 'received a broken {item}', 'damaged in shipping', 'it came damaged', 'broken on arrival', 'the courier broke it', 'item is damaged',],
  },
  wrong_item: {
    zh: [
      '发错货了', '收到的不是我买的', '颜色发错了', '尺码发错了', '少发了一件', '我买的{item}，发来的是别的',
      '漏发了赠品', '数量不对', '包裹里少东西', '收到别人的快递', '寄错东西了', '给我发的型号不对', '东西发错了', '少寄了一个',],
    en: [
      'i received the wrong item', 'you sent me the wrong color', 'wrong size was sent', 'an item is missing from my order',
      'i ordered a {item} but got something else', 'the free gift was missing', 'wrong quantity', 'my package is missing a part',
      'this is not what i ordered', 'got someone elses package', 'wrong product sent', 'this is the wrong model', 'you sent the wrong thing', 'something is missing from the package',],
  },
  price_match: {
    zh: [
      '买贵了能退差价吗', '刚买就降价了', '保价吗', '别家更便宜', '价格保护怎么申请', '降价了补差价',
      '能便宜点吗', '可以价保吗', '活动价和我买的差了很多', '能不能按现在的价格算', '降价了能退差价吗', '买完就便宜了', '能补差价吗', '价保怎么弄',],
    en: [
      'do you price match', 'the price dropped after i bought it', 'can i get the difference refunded',
      'it is cheaper on another site', 'price protection', 'can you give me a better price', 'price adjustment please',
      'the {item} went on sale right after i ordered', 'match the lower price', 'any price guarantee', 'price dropped, refund the difference', 'cheaper now than when i bought', 'can you match a competitor price', 'price protection claim',],
  },
  membership: {
    zh: [
      '怎么成为会员', '会员有什么好处', '积分怎么用', '会员等级怎么升', '会员卡怎么办', 'vip多少钱',
      '会员到期了', '积分什么时候过期', '怎么取消会员自动续费', '会员能包邮吗', '积分怎么查', '会员积分', '怎么加入会员', '会员权益有哪些', '积分能换什么',],
    en: [
      'how do i become a member', 'what are the membership benefits', 'how do i use my points', 'loyalty program',
      'how to upgrade my membership level', 'how much is vip', 'my membership expired', 'when do points expire',
      'cancel membership auto renewal', 'do members get free shipping', 'check my reward points', 'membership perks', 'join the membership', 'what do points get me', 'vip benefits',],
  },
  shipping_fee: {
    zh: [
      '运费多少', '包邮吗', '满多少包邮', '为什么收运费', '偏远地区运费', '运费险有吗', '退货要运费吗',
      '邮费怎么算', '国际运费多少', '两件一起买运费怎么算', '邮费多少', '运费谁付', '免运费吗', '寄过来要多少钱运费',],
    en: [
      'how much is shipping', 'is shipping free', 'free shipping over how much', 'why was i charged for shipping',
      'shipping cost to alaska', 'delivery fee', 'how are shipping fees calculated', 'international shipping cost',
      'do i pay shipping for two items', 'shiping cost', 'how much is delivery', 'is delivery free', 'shipping charges', 'what does shipping cost',],
  },
  payment_methods: {
    zh: [
      '可以用什么付款', '支持花呗吗', '能分期吗', '可以货到付款吗', '支持信用卡吗', '能用微信付吗',
      '支持paypal吗', '可以用礼品卡吗', '能开对公转账吗', '支持苹果支付吗', '怎么付款', '能用支付宝吗', '可以信用卡分期吗', '付款方式有哪些',],
    en: [
      'what payment methods do you accept', 'do you take paypal', 'can i pay in installments', 'cash on delivery',
      'do you accept credit cards', 'can i pay with apple pay', 'can i use a gift card', 'bank transfer possible',
      'do you accept wechat pay', 'payment options', 'how can i pay', 'can i pay with alipay', 'do you accept visa', 'ways to pay',],
  },
  order_modify: {
    zh: [
      '能改一下订单吗', '我想加一件', '修改订单的颜色', '换个尺码再发', '订单里的数量改一下', '能合并订单吗',
      '我想改规格', '下单后能改商品吗', '帮我把{item}换成黑色', '能拆开发货吗', '订单能修改吗', '再加一件到订单里', '把订单里的颜色换一下', '修改订单数量',],
    en: [
      'can i modify my order', 'i want to add an item to my order', 'change the color in my order',
      'change the quantity', 'can you combine my orders', 'change the size before it ships', 'edit my order',
      'swap the {item} for the black one', 'can you split the shipment', 'update my order {n}', 'change my order please', 'add one more to the order', 'modify the order items', 'edit the quantity of my order',],
  },
  stock_notify: {
    zh: [
      '到货了通知我', '补货能提醒我吗', '有货了告诉我一声', '怎么设置到货提醒', '缺货登记', '上架了能通知我吗',
      '有货短信提醒', '帮我登记一下{item}到货通知', '有货提醒我', '到货通知', '补货了通知一下', '上新了告诉我',],
    en: [
      'notify me when it is back in stock', 'can you email me when the {item} is available', 'restock alert',
      'let me know when you have it', 'how do i set a back in stock notification', 'sign me up for restock notice',
      'text me when available', 'alert me when it restocks', 'tell me when it is back', 'back in stock notification', 'let me know when it restocks', 'notify me',],
  },
  store_hours: {
    zh: [
      '你们几点上班', '客服几点下班', '营业时间', '周末有人吗', '门店几点开门', '节假日营业吗', '晚上几点关门',
      '客服工作时间是什么时候', '春节期间发货吗', '几点开始营业', '客服上班时间', '晚上有客服吗', '周末上班吗',],
    en: [
      'what are your opening hours', 'when is customer service available', 'are you open on weekends',
      'what time do you close', 'store hours', 'are you open on holidays', 'business hours', 'when does the shop open',
      'hours of operation', 'opening times', 'what hours are you open', 'is support available at night', 'do you work weekends',],
  },
  contact_info: {
    zh: [
      '客服电话多少', '怎么联系你们', '有没有邮箱', '你们的地址在哪', '公司电话', '门店地址', '怎么联系卖家',
      '有没有微信号', '售后电话', '给我个联系方式', '联系电话', '客服邮箱是什么', '你们公司地址', '怎么打电话给你们', '售后联系方式',],
    en: [
      'what is your phone number', 'how can i contact you', 'customer service email', 'where is your store located',
      'company address', 'how do i reach the seller', 'contact details', 'support phone number',
      'do you have a whatsapp', 'give me your email', 'phone number please', 'email address for support', 'your address', 'how to call customer service', 'contact info',],
  },
  oos: {
    zh: ['明天会下雨吗', '说个段子听听', '你多大了', '有什么好看的电视剧', '唱首歌吧', '今天星期几', '中国的首都是哪里', '帮我算一下3乘以5', '你叫什么名字', '怎么减肥', '推荐一本书', '帮我叫个外卖', '地球有多大', '你会说英语吗', '今晚吃什么好', '怎么学好英语', '给我讲个故事', '我好无聊', '谁是美国总统', '月亮离地球多远', '你有男朋友吗', '帮我查一下火车时刻', '猫为什么怕水', '现在几点了', '帮我写个作文', '附近哪里能停车', '周末去哪玩', '你是人工智能吗', '头疼吃什么药', '彩票怎么中奖'],
    en: ['will it rain tomorrow', 'say something funny', 'how old are you', 'whats a good tv series', 'sing me a song', 'what day is it today', 'who is the president of the united states', 'what is 3 plus 5', 'what is your name', 'how do i lose weight', 'recommend me a book', 'order me some food', 'how far away is the moon', 'do you speak french', 'what should i cook tonight', 'tell me a story', 'i am so bored', 'who invented the telephone', 'what is the population of china', 'how do plants grow', 'do you have a girlfriend', 'what is the news today', 'where can i park around here', 'what should i do this weekend', 'what medicine helps a headache', 'how do i win the lottery', 'explain quantum physics', 'what is love', 'who wrote hamlet', 'what movies are playing tonight'],
  },
};
