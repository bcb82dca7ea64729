/**
 * The people of the demo county: names, resident ID numbers (GB 11643, born in 兖州 370812 and its
 * neighbours) and mobile numbers, drawn from a stream so the same seed gives the same people. Each person
 * has a unique index; ID numbers and mobiles are built from it, so no two people collide.
 */
import { makeIdNumber } from '../../src/kernel/idcard.js';
import type { Rng } from './rng.js';

const SURNAMES =
  '王张李刘陈杨赵孔孟颜曾周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭田董袁于蒋蔡魏程苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志峰亮宇浩凯鹏飞斌波辉俊林海燕雪梅琳晨欣怡文博子涵梓轩雨彤佳琪思源家豪立新振华德胜春生秋菊冬梅兴旺丰收庆祥长青永福宝山金凤';
/** 兖州区 and the Jining districts and counties around it (the bank lends to its own region). */
const REGIONS = ['370812', '370811', '370831', '370881', '370883', '370829', '370826'];

export interface Person {
  index: number;
  name: string;
  idNumber: string;
  mobile: string;
  /** Age in whole years at 2026-01-01. */
  age: number;
}

const MOBILE_PREFIXES = [
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '182',
  '187',
  '188',
  '178',
  '130',
  '131',
  '132',
  '155',
  '156',
  '186',
  '133',
  '153',
  '180',
  '189',
  '177',
];

/**
 * A person with index `index` (unique across the build: callers take disjoint index ranges). Age between
 * `minAge` and `maxAge`.
 */
export function person(rng: Rng, index: number, minAge = 22, maxAge = 62): Person {
  const surname = rng.pick([...SURNAMES]);
  const given = rng.chance(0.7) ? rng.pick([...GIVEN]) + rng.pick([...GIVEN]) : rng.pick([...GIVEN]);
  const age = rng.int(minAge, maxAge);
  const year = 2025 - age;
  // the index decides the order code, the region and the day and month of birth, so two indexes never
  // share an ID number (for the first 2,352,000 people); the year is drawn
  const seq = String(index % 1000).padStart(3, '0');
  const key = Math.floor(index / 1000);
  const region = REGIONS[key % REGIONS.length];
  const dayOfMonth = String((Math.floor(key / REGIONS.length) % 28) + 1).padStart(2, '0');
  const month = (Math.floor(key / (REGIONS.length * 28)) % 12) + 1;
  const idNumber = makeIdNumber(`${region}${year}${String(month).padStart(2, '0')}${dayOfMonth}${seq}`);
  const prefix = MOBILE_PREFIXES[index % MOBILE_PREFIXES.length];
  const mobile = `${prefix}${String(37_000_000 + Math.floor(index / MOBILE_PREFIXES.length) * 7 + (index % 7)).padStart(8, '0')}`;
  return { index, name: surname + given, idNumber, mobile, age };
}
