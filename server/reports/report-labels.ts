/**
 * Chinese labels of the exported reports (the analysts' documents are in Chinese). Categories,
 * sources and work-order states read as on the wall (server/protocol/labels-zh.ts, which web/i18n
 * uses too); the labels only the reports use are here. An unknown key (a sender's own category)
 * is shown as sent.
 */
import { CATEGORY_LABELS_ZH, SOURCE_LABELS_ZH, WORK_STATE_LABELS_ZH } from '@protocol/labels-zh';
import type { KpiValues } from '@protocol/summary';

export const KPI_LABELS: Readonly<Record<Exclude<keyof KpiValues, 'keyPopulations'>, string>> = {
  reported: '上报数',
  disposalRate: '处置率',
  onTimeRate: '按期办结率',
  overdueNow: '超期数',
  atRiskNow: '临期数',
  meanHandlingHours: '平均办理时长（小时）',
  closureRate: '结案率',
  satisfactionRate: '满意率',
  hotlineConnect10sRate: '10秒接通率',
  dispatchAccuracy: '派单准确率',
  hotlineSatisfaction: '热线满意率',
  cameraOnlineRate: '视频在线率',
  patrolCompletion: '出租屋巡查完成率',
};

const CATEGORY: Readonly<Record<string, string>> = CATEGORY_LABELS_ZH;

const SOURCE: Readonly<Record<string, string>> = SOURCE_LABELS_ZH;

const POPULATION: Readonly<Record<string, string>> = {
  'elderly-alone': '独居老人',
  'empty-nest': '空巢老人',
  'left-behind-child': '留守儿童',
  'disabled': '残疾人',
  'hardship': '生活困难家庭',
  'single-parent': '单亲家庭',
  'idle-youth': '闲散青少年',
  'pregnant': '孕产妇',
  'chronic': '基础疾病患者',
  'home-treatment': '居家治疗人员',
};

const STATE: Readonly<Record<string, string>> = WORK_STATE_LABELS_ZH;

const KIND: Readonly<Record<string, string>> = { day: '日报告', week: '周研判', month: '月总结', custom: '自定义时段' };

export const categoryLabel = (k: string): string => CATEGORY[k] ?? k;
export const sourceLabel = (k: string): string => SOURCE[k] ?? k;
export const populationLabel = (k: string): string => POPULATION[k] ?? k;
export const stateLabel = (k: string): string => STATE[k] ?? k;
/** 日报告, 周研判, 月总结 or 自定义时段. */
export const periodKindLabel = (k: string): string => KIND[k] ?? k;
