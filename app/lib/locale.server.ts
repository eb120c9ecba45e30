import { LOCALE_COOKIE, localeFromCookieHeader, type Locale } from "./i18n";

export function getLocale(request: Request): Locale {
  return localeFromCookieHeader(request.headers.get("Cookie"));
}

/** The language choice is kept for a year; it is not sensitive, so it needs no signature. */
export function localeCookieHeader(locale: Locale, secure: boolean): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
}
