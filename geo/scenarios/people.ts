import type { Random } from '../random';
import { pick } from './place-names';

/** Common surnames (with their rough frequency order) and given-name characters. */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强玉兰红梅海燕国强文辉晓明春梅金凤淑珍丽娟立新德明宏伟子涵一诺欣怡梓轩浩然思远雨桐'.split('');

/** A plausible Chinese name of two or three characters. */
export function personName(random: Random): string {
  const surname = pick(SURNAMES, random);
  return random() < 0.35 ? surname + pick(GIVEN, random) : surname + pick(GIVEN, random) + pick(GIVEN, random);
}

/** A mainland mobile number (1[3-9]x xxxx xxxx). */
export function mobilePhone(random: Random): string {
  let s = `1${3 + Math.floor(random() * 7)}`;
  for (let i = 0; i < 9; i++) s += Math.floor(random() * 10);
  return s;
}

/**
 * A resident ID number (GB 11643): 6-digit region, birth date, 3-digit sequence (odd for men),
 * and the ISO 7064 MOD 11-2 check character, which may be X.
 */
export function residentId(region: string, birth: Date, random: Random, male: boolean): string {
  const y = birth.getUTCFullYear();
  const m = String(birth.getUTCMonth() + 1).padStart(2, '0');
  const d = String(birth.getUTCDate()).padStart(2, '0');
  let seq = Math.floor(random() * 500) * 2 + (male ? 1 : 0);
  if (seq === 0) seq = 2;
  const body = `${region}${y}${m}${d}${String(seq).padStart(3, '0')}`;
  return body + idCheckChar(body);
}

/** Check character of the first 17 digits of a resident ID number. */
export function idCheckChar(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * weights[i]!;
  return '10X98765432'[sum % 11]!;
}

/** A birth date giving an age between `minAge` and `maxAge` on `today`. */
export function birthDate(today: Date, minAge: number, maxAge: number, random: Random): Date {
  const ageDays = (minAge + random() * (maxAge - minAge)) * 365.25;
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - Math.floor(ageDays) * 86_400_000);
}
