// Thai by default; `?lang=en|th` switches and is remembered in localStorage; the header toggle does the same.
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Lang } from '../lib/format';
import { en } from './en';
import { th } from './th';
import { workEn } from './work.en';
import { workTh } from './work.th';

export const LANGS: Lang[] = ['th', 'en'];
const STORAGE_KEY = 'pmt.lang';

function isLang(value: string | null | undefined): value is Lang {
  return value === 'th' || value === 'en';
}

/** The language to start with: the URL's `lang`, else the remembered one, else Thai. */
export function initialLang(search: string, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined): Lang {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (isLang(fromUrl)) {
    storage?.setItem(STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  const remembered = storage?.getItem(STORAGE_KEY);
  return isLang(remembered) ? remembered : 'th';
}

export function setupI18n(lang: Lang) {
  void i18next.use(initReactI18next).init({
    lng: lang,
    fallbackLng: 'en',
    // the proposals/grants/activities/notifications/portfolio pages keep their strings in their own files
    resources: { en: { translation: { ...en, ...workEn } }, th: { translation: { ...th, ...workTh } } },
    interpolation: { escapeValue: false },
    initAsync: false,
  } as Parameters<typeof i18next.init>[0]);
  applyLang(lang);
  return i18next;
}

export function changeLang(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18next.changeLanguage(lang);
  applyLang(lang);
}

function applyLang(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** The current language as the formatting helpers want it. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return isLang(i18n.language) ? i18n.language : 'th';
}
