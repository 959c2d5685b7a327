import { createI18n } from 'vue-i18n';
import type { Locale } from '../url-state';
import zhCN from './zh-CN';
import en from './en';
import cameraZh from './camera-zh-CN';
import cameraEn from './camera-en';

export type MessageSchema = typeof zhCN & { camera: typeof cameraZh };

/** The app's i18n instance; zh-CN is the default and the fallback. */
export function createAppI18n(locale: Locale) {
  return createI18n<[MessageSchema], Locale>({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    // Feature labels in files of their own (the camera player's), merged under their namespace.
    messages: { 'zh-CN': { ...zhCN, camera: cameraZh }, en: { ...en, camera: cameraEn } },
  });
}
