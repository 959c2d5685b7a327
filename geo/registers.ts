/**
 * Base registers that upstream systems hold and push to the command center: cameras (雪亮工程),
 * grid staff, and key populations (重点人群). Personal fields are marked; they are sensitive.
 */

/** Key-population categories of domain.md (the wire uses these keys; the UI the Chinese terms). */
export const KEY_POPULATION_CATEGORIES = [
  'elderly-alone', // 独居老人
  'empty-nest', // 空巢老人
  'left-behind-child', // 留守儿童
  'disabled', // 残疾人
  'hardship', // 生活困难家庭
  'single-parent', // 单亲家庭
  'idle-youth', // 闲散青少年
  'pregnant', // 孕产妇
  'chronic', // 基础疾病患者
  'home-treatment', // 居家治疗人员
] as const;
export type KeyPopulationCategory = (typeof KEY_POPULATION_CATEGORIES)[number];

export type CameraStream = { kind: 'hls'; url: string } | { kind: 'rtsp'; url: string } | { kind: 'gb28181'; channelId: string };

export interface CameraRecord {
  cameraId: string;
  name: string;
  location: [number, number];
  gridCode: string;
  stream: CameraStream;
  online: boolean;
}

export interface StaffRecord {
  staffId: string;
  /** Personal. */
  name: string;
  role: 'chief' | 'worker';
  gridCode: string;
  /** Personal. */
  phone: string;
}

export interface KeyPersonRecord {
  personId: string;
  categories: KeyPopulationCategory[];
  buildingId: string;
  gridCode: string;
  /** Personal. */
  name: string;
  /** Personal. */
  idNumber: string;
  /** Personal. */
  phone: string;
}
