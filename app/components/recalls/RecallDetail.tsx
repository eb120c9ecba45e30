import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextAreaField, TextField } from "~/components/form/fields";
import { formatDateTime, formatNumber, formatUom } from "~/lib/format";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";

/** A recall as its pages show it (dates as ISO strings). */
export interface RecallDetailData {
  number: string;
  status: "draft" | "confirmed" | "closed";
  lotStatus: "recalled" | "withdrawn";
  reason: string;
  severity: string;
  messageVi: string;
  messageEn: string;
  openedByName: string;
  openedAt: string;
  confirmedAt: string | null;
  closedAt: string | null;
  closingReport: string | null;
  lots: { batchId: string; lotCode: string; depth: number; status: string; organisationName: string; productNameVi: string; productNameEn: string | null; uom: string; unitVi: string; unitEn: string; unitsSold: number; unitsReturned: number; unitsDestroyed: number; own: boolean }[];
  lines: { orderNumber: string; subOrderReference: string; productNameVi: string; productNameEn: string | null; lotCode: string; quantity: number; released: boolean; held: boolean }[];
  buyers: number;
  buyersReached: number;
  holds: { subOrderId: string; reference: string; releasedAt: string | null; status: string }[];
}

export interface RecallPermissions {
  confirm: boolean;
  close: boolean;
  record: boolean;
  release: boolean;
  reportHref: string | null;
}

export function RecallDetail({ recall, may, actionResult }: { recall: RecallDetailData; may: RecallPermissions; actionResult?: { formError?: string; fieldErrors?: Record<string, string> } }) {
  const t = useT();
  const locale = useLocale();
  const errors = actionResult?.fieldErrors ?? {};
  const ownLots = recall.lots.filter((l) => l.own);
  return (
    <div>
      <h2 id="recall-h">{t("recall.review.title", { number: recall.number })}</h2>
      <p>
        <strong data-testid="recall-status">{t(`recall.status.${recall.status}`)}</strong> · {t(`recall.kind.${recall.lotStatus}`)} · {t(`recall.reason.${recall.reason as "other"}`)} ·{" "}
        {recall.openedByName} · {t("recall.col.opened")}: {formatDateTime(recall.openedAt, locale)}
        {recall.confirmedAt ? ` · ${t("recall.notice.confirmedAt", { time: formatDateTime(recall.confirmedAt, locale) })}` : ""}
      </p>
      <p className="notice notice--warn">{locale === "en" ? recall.messageEn : recall.messageVi}</p>
      <FormError error={actionResult?.formError} />

      <h3 id="recall-lots-h">{t("recall.review.lots")}</h3>
      <div className="table-wrap" role="region" aria-labelledby="recall-lots-h" tabIndex={0}>
        <table className="table" data-testid="recall-lots">
          <thead>
            <tr>
              <th scope="col">{t("recall.col.lot")}</th>
              <th scope="col">{t("recall.col.product")}</th>
              <th scope="col">{t("recall.col.organisation")}</th>
              <th scope="col">{t("recall.col.depth")}</th>
              <th scope="col">{t("recall.col.unit")}</th>
              <th scope="col">{t("recall.col.sold")}</th>
              <th scope="col">{t("recall.col.returned")}</th>
              <th scope="col">{t("recall.col.destroyed")}</th>
            </tr>
          </thead>
          <tbody>
            {recall.lots.map((l) => (
              <tr key={l.batchId}>
                <td className="mono">{l.lotCode}</td>
                <td>{localized(locale, l.productNameVi, l.productNameEn)}</td>
                <td>{l.organisationName}</td>
                <td>{l.depth}</td>
                <td>{formatUom(l.uom, localized(locale, l.unitVi, l.unitEn))}</td>
                <td>{formatNumber(l.unitsSold, locale)}</td>
                <td>{formatNumber(l.unitsReturned, locale)}</td>
                <td>{formatNumber(l.unitsDestroyed, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3 id="recall-lines-h">{t("recall.review.orders")}</h3>
      <p data-testid="recall-buyers">
        {t("recall.review.buyers", { count: formatNumber(recall.buyers, locale) })} · {t("recall.col.buyers")}: {formatNumber(recall.buyersReached, locale)}
      </p>
      <div className="table-wrap" role="region" aria-labelledby="recall-lines-h" tabIndex={0}>
        <table className="table" data-testid="recall-lines">
          <thead>
            <tr>
              <th scope="col">{t("recall.col.order")}</th>
              <th scope="col">{t("recall.col.product")}</th>
              <th scope="col">{t("recall.col.lot")}</th>
              <th scope="col">{t("recall.col.quantity")}</th>
              <th scope="col">{t("recall.col.status")}</th>
            </tr>
          </thead>
          <tbody>
            {recall.lines.map((l) => (
              <tr key={`${l.subOrderReference}:${l.lotCode}:${l.productNameVi}`}>
                <td className="mono">{l.subOrderReference}</td>
                <td>{localized(locale, l.productNameVi, l.productNameEn)}</td>
                <td className="mono">{l.lotCode}</td>
                <td>{formatNumber(l.quantity, locale)}</td>
                <td>{l.released ? t("recall.col.released") : l.held ? t("recall.detail.holds") : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {may.confirm && recall.status === "draft" ? (
        <Form method="post" className="form">
          <CsrfInput />
          <p className="muted">{t("recall.review.confirmHint")}</p>
          <button type="submit" name="intent" value="confirm" className="button button--danger">
            {t("recall.review.confirm")}
          </button>
        </Form>
      ) : null}

      {may.release && recall.holds.some((h) => !h.releasedAt && h.status !== "cancelled") ? (
        <>
          <h3>{t("recall.detail.holds")}</h3>
          <ul>
            {recall.holds
              .filter((h) => !h.releasedAt && h.status !== "cancelled")
              .map((h) => (
                <li key={h.subOrderId}>
                  <Form method="post" className="form form--inline">
                    <CsrfInput />
                    <input type="hidden" name="subOrderId" value={h.subOrderId} />
                    <span className="mono">{h.reference}</span>{" "}
                    <button type="submit" name="intent" value="release" className="button button--secondary">
                      {t("recall.detail.release")}
                    </button>
                  </Form>
                </li>
              ))}
          </ul>
        </>
      ) : null}

      {may.record && recall.status === "confirmed" && ownLots.length > 0 ? (
        <Form method="post" className="form" aria-labelledby="disposition-h">
          <h3 id="disposition-h">{t("recall.detail.dispositions")}</h3>
          <CsrfInput />
          <SelectField name="batchId" label={t("recall.field.lot")} error={errors.batchId} options={ownLots.map((l) => ({ value: l.batchId, label: `${l.lotCode} — ${localized(locale, l.productNameVi, l.productNameEn)} (${formatUom(l.uom, localized(locale, l.unitVi, l.unitEn))})` }))} />
          <SelectField
            name="kind"
            label={t("recall.field.kind")}
            error={errors.kind}
            options={[
              { value: "returned", label: t("recall.disposition.returned") },
              { value: "destroyed", label: t("recall.disposition.destroyed") },
            ]}
          />
          <TextField name="units" label={t("recall.field.units")} error={errors.units} inputMode="numeric" />
          <TextField name="note" label={t("recall.field.note")} error={errors.note} />
          <button type="submit" name="intent" value="disposition" className="button">
            {t("recall.detail.record")}
          </button>
        </Form>
      ) : null}

      {may.close && recall.status === "confirmed" ? (
        <Form method="post" className="form" aria-labelledby="close-h">
          <h3 id="close-h">{t("recall.detail.close")}</h3>
          <CsrfInput />
          <TextAreaField name="summary" label={t("recall.field.summary")} error={errors.summary} rows={4} />
          <button type="submit" name="intent" value="close" className="button">
            {t("recall.detail.close")}
          </button>
        </Form>
      ) : null}
      {recall.status === "closed" ? (
        <>
          <p className="notice notice--ok" data-testid="recall-closed">
            {t("recall.detail.closed")}
          </p>
          <p>{recall.closingReport}</p>
        </>
      ) : null}
      {may.reportHref ? (
        <p>
          <a href={may.reportHref}>{t("recall.detail.report")}</a>
        </p>
      ) : null}
    </div>
  );
}
