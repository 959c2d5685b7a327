/**
 * Chinese labels of the exported reports (the analysts' documents are in Chinese). The web app's
 * own labels live in web/i18n; server/ cannot import web/, so the few the reports need are here.
 * An unknown key (a sender's own category) is shown as sent.
 */
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

const CATEGORY: Readonly<Record<string, string>> = {
  'illegal-parking': '乱停乱放',
  'sewer-blockage': '下水管道堵塞',
  'garbage': '垃圾清理',
  'fire-hazard': '消防隐患',
  'dispute': '矛盾纠纷',
  'safety-hazard': '安全隐患',
  'sanitation': '环境卫生',
  'illegal-construction': '乱搭乱建',
  'group-rental': '群租房',
};

const SOURCE: Readonly<Record<string, string>> = { grid: '网格员上报', hotline: '12345热线', snapshot: '随手拍', camera: '视频告警', linkage: '110联动' };

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

const STATE: Readonly<Record<string, string>> = {
  dispatched: '待签收',
  accepted: '已签收',
  handling: '处置中',
  returned: '退单',
  resolved: '已办结',
  verified: '已核查',
  closed: '已结案',
};

const KIND: Readonly<Record<string, string>> = { day: '日报告', week: '周研判', month: '月总结', custom: '自定义时段' };

export const categoryLabel = (k: string): string => CATEGORY[k] ?? k;
export const sourceLabel = (k: string): string => SOURCE[k] ?? k;
export const populationLabel = (k: string): string => POPULATION[k] ?? k;
export const stateLabel = (k: string): string => STATE[k] ?? k;
/** 日报告, 周研判, 月总结 or 自定义时段. */
export const periodKindLabel = (k: string): string => KIND[k] ?? k;
