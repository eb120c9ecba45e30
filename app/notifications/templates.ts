/**
 * The order messages, rendered from facts read when the message is sent (pure: no database, no clock). Every link
 * starts with the public address the sending server was configured with.
 */
import { z } from "zod";
import { formatNumber, formatVnd } from "~/lib/format";
import { localized, translate, type Locale, type MessageKey } from "~/lib/i18n";
import { textToHtml } from "./html";

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

export interface TransferFacts {
  /** The bank's name when known, else its BIN. */
  bank: string;
  accountNumber: string;
  accountName: string;
  amountVnd: number;
  note: string;
}

export interface SubOrderFacts {
  reference: string;
  status: string;
  cooperative: { nameVi: string; nameEn: string | null; slug: string };
  totalVnd: number;
  lines: { nameVi: string; nameEn: string | null; unitVi: string; unitEn: string; quantity: number; unitPriceVnd: number; lineTotalVnd: number }[];
  carrier: string | null;
  trackingNumber: string | null;
  cancelReason: string | null;
  /** Present while a VietQR transfer is still expected. */
  transfer: TransferFacts | null;
}

export interface OrderFacts {
  number: string;
  contactName: string;
  phone: string;
  address: string;
  paymentMethod: "card" | "bank_transfer" | "cash_on_delivery";
  totalVnd: number;
  subOrders: SubOrderFacts[];
}

/** The data a template row carries (validated when it is rendered). */
export const templateData = {
  order_confirmation: z.object({ orderId: z.string().uuid() }),
  cooperative_new_order: z.object({ subOrderId: z.string().uuid() }),
  order_status: z.object({
    subOrderId: z.string().uuid(),
    status: z.enum(["shipped", "delivered", "cancelled", "refunded"]),
    amountVnd: z.number().int().positive().optional(),
  }),
};
export type TemplateName = keyof typeof templateData;
export type TemplateData<T extends TemplateName> = z.infer<(typeof templateData)[T]>;

export function isTemplateName(value: unknown): value is TemplateName {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(templateData, value);
}

const orderPath = (number: string) => `/orders/${encodeURIComponent(number)}`;

function message(locale: Locale, subject: string, paragraphs: (string | null)[]): RenderedMessage {
  const text = `${paragraphs.filter((p): p is string => p !== null && p !== "").join("\n\n")}\n\n${translate(locale, "mail.signature")}\n`;
  return { subject, text, html: textToHtml(text, locale) };
}

function lineList(locale: Locale, sub: SubOrderFacts): string {
  return sub.lines
    .map((l) =>
      translate(locale, "mail.line", {
        name: localized(locale, l.nameVi, l.nameEn),
        quantity: formatNumber(l.quantity, locale),
        unit: locale === "en" ? l.unitEn : l.unitVi,
        price: formatVnd(l.unitPriceVnd, locale),
        total: formatVnd(l.lineTotalVnd, locale),
      }),
    )
    .join("\n");
}

function transferBlock(locale: Locale, sub: SubOrderFacts): string | null {
  const t = sub.transfer;
  if (!t) return null;
  const cooperative = localized(locale, sub.cooperative.nameVi, sub.cooperative.nameEn);
  return [
    translate(locale, "mail.transfer.heading", { cooperative, reference: sub.reference }),
    translate(locale, "mail.transfer.bank", { bank: t.bank }),
    translate(locale, "mail.transfer.accountNumber", { account: t.accountNumber }),
    translate(locale, "mail.transfer.accountName", { name: t.accountName }),
    translate(locale, "mail.transfer.amount", { amount: formatVnd(t.amountVnd, locale) }),
    translate(locale, "mail.transfer.note", { note: t.note }),
  ].join("\n");
}

/** To the buyer when the order is placed (card: when it is paid): the order link, what was bought, how to pay. */
export function renderOrderConfirmation(order: OrderFacts, locale: Locale, publicUrl: string): RenderedMessage {
  const transfers = order.subOrders.map((s) => transferBlock(locale, s)).filter((b): b is string => b !== null);
  return message(locale, translate(locale, "mail.confirmation.subject", { number: order.number }), [
    translate(locale, "mail.greeting", { name: order.contactName }),
    translate(locale, "mail.confirmation.intro", { number: order.number }),
    ...order.subOrders.map(
      (s) =>
        `${translate(locale, "mail.confirmation.part", {
          cooperative: localized(locale, s.cooperative.nameVi, s.cooperative.nameEn),
          reference: s.reference,
          total: formatVnd(s.totalVnd, locale),
        })}\n${lineList(locale, s)}`,
    ),
    `${translate(locale, "mail.total", { total: formatVnd(order.totalVnd, locale) })}\n${translate(locale, "mail.payment", {
      method: translate(locale, `orders.method.${order.paymentMethod}` as MessageKey),
    })}`,
    ...transfers,
    transfers.length > 0 ? translate(locale, "mail.transfer.hint") : null,
    order.paymentMethod === "cash_on_delivery" ? translate(locale, "mail.confirmation.cash") : null,
    order.paymentMethod === "card" ? translate(locale, "mail.confirmation.card") : null,
    `${translate(locale, "mail.orderLink", { link: `${publicUrl}${orderPath(order.number)}` })}\n${translate(locale, "mail.orderLinkPhone")}`,
  ]);
}

/** To each manager of the cooperative: a new sub-order to handle, with the link to it in the workspace. */
export function renderCooperativeNewOrder(order: OrderFacts, sub: SubOrderFacts, locale: Locale, publicUrl: string): RenderedMessage {
  const cooperative = localized(locale, sub.cooperative.nameVi, sub.cooperative.nameEn);
  const link = `${publicUrl}/workspace/${encodeURIComponent(sub.cooperative.slug)}/orders/${encodeURIComponent(sub.reference)}`;
  return message(locale, translate(locale, "mail.newOrder.subject", { reference: sub.reference }), [
    translate(locale, "mail.greetingPlain"),
    translate(locale, "mail.newOrder.intro", {
      cooperative,
      reference: sub.reference,
      total: formatVnd(sub.totalVnd, locale),
      method: translate(locale, `orders.method.${order.paymentMethod}` as MessageKey),
    }),
    lineList(locale, sub),
    translate(locale, "mail.newOrder.deliverTo", { name: order.contactName, phone: order.phone, address: order.address }),
    translate(locale, "mail.newOrder.link", { link }),
  ]);
}

/** To the buyer when one cooperative's part of the order was shipped, delivered, cancelled or refunded. */
export function renderOrderStatus(
  order: OrderFacts,
  sub: SubOrderFacts,
  change: TemplateData<"order_status">,
  locale: Locale,
  publicUrl: string,
): RenderedMessage {
  const vars = {
    number: order.number,
    reference: sub.reference,
    cooperative: localized(locale, sub.cooperative.nameVi, sub.cooperative.nameEn),
    amount: formatVnd(change.amountVnd ?? 0, locale),
  };
  const extra: (string | null)[] = [];
  if (change.status === "shipped" && sub.carrier) {
    extra.push(translate(locale, "mail.status.shipped.tracking", { carrier: sub.carrier, tracking: sub.trackingNumber ?? "" }));
  }
  if (change.status === "cancelled") {
    extra.push(sub.cancelReason ? translate(locale, "mail.status.cancelled.reason", { reason: sub.cancelReason }) : null);
    extra.push(order.paymentMethod === "cash_on_delivery" ? null : translate(locale, "mail.status.cancelled.money"));
  }
  if (change.status === "refunded") {
    extra.push(translate(locale, order.paymentMethod === "card" ? "mail.status.refunded.card" : "mail.status.refunded.other"));
  }
  return message(locale, translate(locale, `mail.status.${change.status}.subject`, vars), [
    translate(locale, "mail.greeting", { name: order.contactName }),
    translate(locale, `mail.status.${change.status}.body`, vars),
    ...extra,
    translate(locale, "mail.orderLink", { link: `${publicUrl}${orderPath(order.number)}` }),
  ]);
}
