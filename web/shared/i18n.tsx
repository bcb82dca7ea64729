/**
 * A small dictionary-based i18n shared by the console and the mobile page.
 * Chinese is the default; the choice is kept in localStorage and sent to the API as Accept-Language.
 * Each feature defines its own messages with defineMessages (the English side must cover every
 * Chinese key); an app merges them and gets a typed t('key').
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

const STORAGE_KEY = 'hn_lang';

function readStoredLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

let currentLang: Lang = readStoredLang();
const listeners = new Set<(lang: Lang) => void>();

export function getLang(): Lang {
  return currentLang;
}

/** The value sent as Accept-Language. */
export function acceptLanguage(lang: Lang = currentLang): string {
  return lang === 'en' ? 'en' : 'zh-CN';
}

export function setLang(lang: Lang): void {
  currentLang = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  for (const l of listeners) l(lang);
}

/** Picks the text for the language from an API object carrying both (nameZh / nameEn). */
export function pickLang(lang: Lang, zh: string, en: string | null | undefined): string {
  return lang === 'en' && en ? en : zh;
}

export type Messages<K extends string> = { 'zh-CN': Record<K, string>; en: Record<K, string> };
export type Params = Record<string, string | number>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

type KeysOf<M> = M extends Messages<infer K> ? K : never;

/** Declares a feature's texts; the English dictionary must have exactly the Chinese keys. */
export function defineMessages<K extends string>(zh: Record<K, string>, en: Record<NoInfer<K>, string>): Messages<K> {
  return { 'zh-CN': zh, en };
}

export function mergeMessages<T extends Messages<string>[]>(...parts: T): Messages<KeysOf<T[number]>> {
  const out = { 'zh-CN': {} as Record<string, string>, en: {} as Record<string, string> };
  for (const p of parts) {
    Object.assign(out['zh-CN'], p['zh-CN']);
    Object.assign(out.en, p.en);
  }
  return out as Messages<KeysOf<T[number]>>;
}

/** Replaces {name} placeholders. */
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export interface I18nValue<K extends string> {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate<K>;
}

export function createI18n<K extends string>(messages: Messages<K>) {
  const makeT = (lang: Lang): Translate<K> => {
    const dict = messages[lang];
    const fallback = messages['zh-CN'];
    return (key, params) => format(dict[key] ?? fallback[key] ?? key, params);
  };
  const Ctx = createContext<I18nValue<K> | null>(null);

  function I18nProvider({ children }: { children: ReactNode }) {
    const [lang, setLangState] = useState<Lang>(getLang);
    useEffect(() => {
      listeners.add(setLangState);
      document.documentElement.lang = getLang();
      return () => {
        listeners.delete(setLangState);
      };
    }, []);
    const value = useMemo<I18nValue<K>>(() => ({ lang, setLang, t: makeT(lang) }), [lang]);
    return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
  }

  function useI18n(): I18nValue<K> {
    const v = useContext(Ctx);
    if (!v) throw new Error('useI18n() used outside <I18nProvider>');
    return v;
  }

  /** For code outside React components; prefer useI18n() in components so they re-render. */
  const translate: Translate<K> = (key, params) => makeT(getLang())(key, params);

  return { I18nProvider, useI18n, translate };
}
