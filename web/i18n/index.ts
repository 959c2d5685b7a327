import { createI18n } from 'vue-i18n';
import type { Locale } from '../url-state';
import zhCN from './zh-CN';
import en from './en';

export type MessageSchema = typeof zhCN;

/** The app's i18n instance; zh-CN is the default and the fallback. */
export function createAppI18n(locale: Locale) {
  return createI18n<[MessageSchema], Locale>({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN, en },
  });
}
