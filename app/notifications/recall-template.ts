/** The recall's mail: to each buyer, to each affected cooperative, to the department (pure: no database, no clock). */
import { formatNumber } from "~/lib/format";
import { localized, translate, type Locale } from "~/lib/i18n";
import { textToHtml } from "./html";
import type { RenderedMessage } from "./templates";

export interface RecallMailFacts {
  number: string;
  kind: "recalled" | "withdrawn";
  messageVi: string;
  messageEn: string;
}

export interface BoughtLine {
  nameVi: string;
  nameEn: string | null;
  unitVi: string;
  unitEn: string;
  lotCode: string;
  quantity: number;
  cooperativeVi: string;
  cooperativeEn: string | null;
}

export const recallNoticePath = (number: string) => `/recalls/${encodeURIComponent(number)}`;

function finish(subject: string, paragraphs: string[], locale: Locale): RenderedMessage {
  const text = `${paragraphs.join("\n\n")}\n\n${translate(locale, "mail.signature")}\n`;
  return { subject, text, html: textToHtml(text, locale) };
}

const publicMessage = (recall: RecallMailFacts, locale: Locale) => (locale === "en" ? recall.messageEn : recall.messageVi);

/** To a buyer: what they bought from which order, that it is recalled, and what to do. */
export function renderRecallBuyerNotice(
  recall: RecallMailFacts,
  order: { number: string; contactName: string; lines: BoughtLine[] },
  locale: Locale,
  publicUrl: string,
): RenderedMessage {
  const vars = { number: recall.number, order: order.number };
  const lines = order.lines
    .map((l) =>
      translate(locale, "recall.mail.buyer.line", {
        name: localized(locale, l.nameVi, l.nameEn),
        quantity: formatNumber(l.quantity, locale),
        unit: locale === "en" ? l.unitEn : l.unitVi,
        lot: l.lotCode,
        cooperative: localized(locale, l.cooperativeVi, l.cooperativeEn),
      }),
    )
    .join("\n");
  return finish(
    translate(locale, recall.kind === "recalled" ? "recall.mail.buyer.subject" : "recall.mail.buyer.subjectWithdrawn", vars),
    [
      translate(locale, "mail.greeting", { name: order.contactName }),
      translate(locale, recall.kind === "recalled" ? "recall.mail.buyer.intro" : "recall.mail.buyer.introWithdrawn", vars),
      lines,
      publicMessage(recall, locale),
      translate(locale, recall.kind === "recalled" ? "recall.mail.buyer.todo" : "recall.mail.buyer.todoWithdrawn"),
      translate(locale, "recall.mail.noticeLink", { link: `${publicUrl}${recallNoticePath(recall.number)}` }),
      translate(locale, "mail.orderLink", { link: `${publicUrl}/orders/${encodeURIComponent(order.number)}` }),
    ],
    locale,
  );
}

/** To each manager of a cooperative with lots or orders in scope: which lots, how many orders held, where to act. */
export function renderRecallCooperativeNotice(
  recall: RecallMailFacts,
  cooperative: { nameVi: string; nameEn: string | null; slug: string; lotCodes: string[]; heldSubOrders: number; orders: number },
  locale: Locale,
  publicUrl: string,
): RenderedMessage {
  const vars = {
    number: recall.number,
    cooperative: localized(locale, cooperative.nameVi, cooperative.nameEn),
    lots: cooperative.lotCodes.join(", ") || "—",
    held: formatNumber(cooperative.heldSubOrders, locale),
    orders: formatNumber(cooperative.orders, locale),
  };
  return finish(translate(locale, "recall.mail.cooperative.subject", vars), [
    translate(locale, "mail.greetingPlain"),
    translate(locale, "recall.mail.cooperative.intro", vars),
    publicMessage(recall, locale),
    translate(locale, "recall.mail.cooperative.todo", vars),
    translate(locale, "recall.mail.cooperative.link", {
      link: `${publicUrl}/workspace/${encodeURIComponent(cooperative.slug)}/recalls/${encodeURIComponent(recall.number)}`,
    }),
  ], locale);
}

/** To each department officer: a recall was confirmed, with its scope in figures. */
export function renderRecallDepartmentNotice(
  recall: RecallMailFacts,
  scope: { lots: number; orders: number; cooperatives: number },
  locale: Locale,
  publicUrl: string,
): RenderedMessage {
  const vars = {
    number: recall.number,
    lots: formatNumber(scope.lots, locale),
    orders: formatNumber(scope.orders, locale),
    cooperatives: formatNumber(scope.cooperatives, locale),
  };
  return finish(translate(locale, "recall.mail.department.subject", vars), [
    translate(locale, "mail.greetingPlain"),
    translate(locale, "recall.mail.department.intro", vars),
    publicMessage(recall, locale),
    translate(locale, "recall.mail.department.link", { link: `${publicUrl}/department/recalls/${encodeURIComponent(recall.number)}` }),
  ], locale);
}
