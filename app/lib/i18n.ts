/**
 * The one translation mechanism: every user-facing string lives here, Vietnamese first.
 * `en` is typed against `vi`, so a key missing in English fails the type check.
 */
import * as audit from "./messages/audit";
import * as catalog from "./messages/catalog";
import * as checkout from "./messages/checkout";
import * as common from "./messages/common";
import * as households from "./messages/households";
import * as identity from "./messages/identity";
import * as insights from "./messages/insights";
import * as lineage from "./messages/lineage";
import * as market from "./messages/market";
import * as notifications from "./messages/notifications";
import * as ocopRegister from "./messages/ocop-register";
import * as ocopCouncil from "./messages/ocop-council";
import * as ocopCriteria from "./messages/ocop-criteria";
import * as ocopDashboard from "./messages/ocop-dashboard";
import * as ocopApplications from "./messages/ocop-applications";
import * as orders from "./messages/orders";
import * as origin from "./messages/origin";
import * as payments from "./messages/payments";
import * as recalls from "./messages/recalls";
import * as storage from "./messages/storage";
import * as support from "./messages/support";
import * as supervision from "./messages/supervision";
import * as trace from "./messages/trace";
import * as workspace from "./messages/workspace";

export const locales = ["vi", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "vi";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

// Each area keeps its messages in messages/<area>.ts; they are merged here into one dictionary.
const vi = {
  ...common.vi,
  ...catalog.vi,
  ...workspace.vi,
  ...trace.vi,
  ...lineage.vi,
  ...storage.vi,
  ...identity.vi,
  ...origin.vi,
  ...market.vi,
  ...checkout.vi,
  ...payments.vi,
  ...orders.vi,
  ...households.vi,
  ...insights.vi,
  ...audit.vi,
  ...notifications.vi,
  ...support.vi,
  ...supervision.vi,
  ...recalls.vi,
  ...ocopRegister.vi,
  ...ocopCouncil.vi,
  ...ocopCriteria.vi,
  ...ocopDashboard.vi,
  ...ocopApplications.vi,
} as const;

export type MessageKey = keyof typeof vi;

const en: Record<MessageKey, string> = {
  ...common.en,
  ...catalog.en,
  ...workspace.en,
  ...trace.en,
  ...lineage.en,
  ...storage.en,
  ...identity.en,
  ...origin.en,
  ...market.en,
  ...checkout.en,
  ...payments.en,
  ...orders.en,
  ...households.en,
  ...insights.en,
  ...audit.en,
  ...notifications.en,
  ...support.en,
  ...supervision.en,
  ...recalls.en,
  ...ocopRegister.en,
  ...ocopCouncil.en,
  ...ocopCriteria.en,
  ...ocopDashboard.en,
  ...ocopApplications.en,
};

export const messages: Record<Locale, Record<MessageKey, string>> = { vi, en };

export type MessageVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

/** Looks up a message and fills `{name}` placeholders; a missing variable is left visible. */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const template = messages[locale][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

export function translator(locale: Locale): Translate {
  return (key, vars) => translate(locale, key, vars);
}

/** Picks the text of a bilingual database field, falling back to Vietnamese. */
export function localized(locale: Locale, vi: string, en: string | null | undefined): string {
  return locale === "en" && en ? en : vi;
}

/** Parses `lang=xx` out of a Cookie header. */
export function localeFromCookieHeader(cookieHeader: string | null): Locale {
  if (!cookieHeader) return defaultLocale;
  for (const part of cookieHeader.split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === LOCALE_COOKIE && isLocale(value)) return value;
  }
  return defaultLocale;
}

export const LOCALE_COOKIE = "lang";
