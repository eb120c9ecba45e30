import type { ReactNode } from "react";
import { TableWrap } from "~/components/TableWrap";
import { formatDateTime, formatNumber } from "~/lib/format";
import { localized, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import type { LinesPage } from "~/trace/lineage-trace";
import type { BackwardTrace, ForwardTrace } from "~/trace/lineage-trace.server";

/** Both halves of a lot's trace, as the workspace and the department show them; data comes from lineage-trace.server.ts. */
export function LineageTrace({
  backward,
  forward,
  downloadBase,
  linesPage,
  pageHref,
}: {
  backward: BackwardTrace;
  forward: ForwardTrace;
  downloadBase: string;
  /** The page of `forward.orderLines` shown (the loader sends only that page). */
  linesPage: LinesPage;
  /** The address of another page of order lines. */
  pageHref: (page: number) => string;
}) {
  const t = useT();
  const joiner = downloadBase.includes("?") ? "&" : "?";
  return (
    <>
      <p>{t("lineage.intro")}</p>
      <p data-testid="kde-downloads">
        {t("lineage.download")}:{" "}
        <a href={`${downloadBase}${joiner}format=csv`} download data-testid="kde-csv">
          {t("lineage.download.csv")}
        </a>
        {" · "}
        <a href={`${downloadBase}${joiner}format=xlsx`} download data-testid="kde-xlsx">
          {t("lineage.download.xlsx")}
        </a>
      </p>
      <BackwardSection trace={backward} />
      <ForwardSection trace={forward} linesPage={linesPage} pageHref={pageHref} />
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} data-testid={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

function Status({ status }: { status: string }) {
  const t = useT();
  return <span className={`status status--${status}`}>{t(`batch.status.${status}` as MessageKey)}</span>;
}

function BackwardSection({ trace }: { trace: BackwardTrace }) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  return (
    <section aria-labelledby="trace-backward" data-testid="trace-backward-section">
      <h2 id="trace-backward">{t("lineage.backward")}</h2>
      <p data-testid="backward-summary">
        {t("lineage.summary.backward", {
          lots: trace.totals.lots - 1,
          raw: trace.totals.rawLots,
          households: trace.totals.households,
          labs: trace.totals.labTests,
          failed: trace.totals.failedLabTests,
        })}
      </p>
      <Section id="trace-backward-lots" title={t("lineage.lots.backward")}>
        <TableWrap label={t("lineage.lots.backward")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("lineage.col.lot")}</th>
                <th scope="col">{t("lineage.col.product")}</th>
                <th scope="col">{t("lineage.col.depth")}</th>
                <th scope="col">{t("lineage.col.used")}</th>
                <th scope="col">{t("lineage.col.origin")}</th>
                <th scope="col">{t("lineage.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {trace.lots.map((l) => (
                <tr key={l.batchId} data-testid="backward-lot">
                  <th scope="row" className="mono">
                    {l.lotCode}
                    {l.isRaw ? <span className="small"> ({t("lineage.raw")})</span> : null}
                  </th>
                  <td>{localized(locale, l.productNameVi, l.productNameEn)}</td>
                  <td className="num">{l.depth}</td>
                  <td className="num">{l.usedQuantity === null ? "" : `${n(l.usedQuantity)} ${l.uom}`}</td>
                  <td>{[l.farmPlot, l.originCommuneName, l.originProvinceName].filter(Boolean).join(", ")}</td>
                  <td>
                    <Status status={l.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </Section>
      <Section id="trace-backward-events" title={t("lineage.events")}>
        {trace.events.length === 0 ? (
          <p>{t("lineage.none")}</p>
        ) : (
          <TableWrap label={t("lineage.events")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("lineage.col.time")}</th>
                  <th scope="col">{t("lineage.col.lot")}</th>
                  <th scope="col">{t("lineage.col.step")}</th>
                  <th scope="col">{t("lineage.col.place")}</th>
                  <th scope="col">{t("lineage.col.details")}</th>
                </tr>
              </thead>
              <tbody>
                {trace.events.map((e) => (
                  <tr key={e.eventId} data-testid={`event-${e.kind ?? "other"}`}>
                    <th scope="row">{formatDateTime(e.eventTime, locale)}</th>
                    <td className="mono">{e.lotCode}</td>
                    <td>{t(e.kind ? (`step.${e.kind}` as MessageKey) : "step.other")}</td>
                    <td>{[e.locationName, e.communeName, e.provinceName].filter(Boolean).join(", ")}</td>
                    <td>
                      {Object.entries(e.details)
                        .map(([k, v]) => `${t(`detail.${k}` as MessageKey)}: ${k === "result" && e.labResult ? t(`detail.result.${e.labResult}`) : v}`)
                        .join("; ")}
                      {e.quantity !== null ? ` (${n(e.quantity)} ${e.uom ?? ""})` : ""}
                      {e.harvestInsideInterval ? (
                        <strong className="notice--warn" data-testid="phi-breach">
                          {" "}
                          {t("lineage.phiBreach", { time: formatDateTime(e.harvestInsideInterval, locale) })}
                        </strong>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Section>
      {trace.households.length > 0 ? (
        <Section id="trace-households" title={t("lineage.households")}>
          <TableWrap label={t("lineage.households")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("lineage.col.household")}</th>
                  <th scope="col">{t("lineage.col.lot")}</th>
                  <th scope="col">{t("lineage.col.quantity")}</th>
                  <th scope="col">{t("lineage.col.note")}</th>
                </tr>
              </thead>
              <tbody>
                {trace.households.map((h) => (
                  <tr key={`${h.reference}-${h.batchId}`}>
                    <th scope="row">
                      {h.householdName} ({h.householdCode}, {h.communeName})
                    </th>
                    <td className="mono">{h.lotCode}</td>
                    <td className="num">
                      {n(h.quantity)} {h.uom}
                    </td>
                    <td className="mono">
                      {h.reference} · {h.suppliedOn}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </Section>
      ) : null}
      {trace.householdCounts.length > 0 ? (
        <Section id="trace-household-counts" title={t("lineage.householdCounts")}>
          <TableWrap label={t("lineage.householdCounts")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("lineage.col.organisation")}</th>
                  <th scope="col">{t("lineage.col.households")}</th>
                  <th scope="col">{t("lineage.col.deliveries")}</th>
                </tr>
              </thead>
              <tbody>
                {trace.householdCounts.map((c) => (
                  <tr key={c.organisationId}>
                    <th scope="row">{c.organisationName}</th>
                    <td className="num">{n(c.households)}</td>
                    <td className="num">{n(c.deliveries)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </Section>
      ) : null}
      <Others trace={trace} id="trace-backward-others" />
    </section>
  );
}

function Others({ trace, id }: { trace: BackwardTrace | ForwardTrace; id: string }) {
  const t = useT();
  const locale = useLocale();
  if (trace.others.length === 0) return null;
  const forward = "orderLines" in trace;
  const title = forward ? t("lineage.others.forward") : t("lineage.others.backward");
  return (
    <Section id={id} title={title}>
      <p className="small">{t("lineage.others.note")}</p>
      <TableWrap label={title}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("lineage.col.organisation")}</th>
              <th scope="col">{t("lineage.col.lots")}</th>
              {forward ? <th scope="col">{t("lineage.col.lines")}</th> : <th scope="col">{t("lineage.col.households")}</th>}
              {forward ? <th scope="col">{t("lineage.col.units")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {trace.others.map((o) => (
              <tr key={o.organisationId} data-testid="other-organisation">
                <th scope="row">{o.organisationName}</th>
                <td className="num">{formatNumber(o.lots, locale)}</td>
                <td className="num">{formatNumber(forward ? o.orderLines : o.households, locale)}</td>
                {forward ? <td className="num">{formatNumber(o.unitsSold, locale)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </Section>
  );
}

function ForwardSection({ trace, linesPage, pageHref }: { trace: ForwardTrace; linesPage: LinesPage; pageHref: (page: number) => string }) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const province = (code: string, vi: string | null, en: string | null) => (code === "" ? t("lineage.unknownProvince") : localized(locale, vi ?? code, en));
  return (
    <section aria-labelledby="trace-forward" data-testid="trace-forward-section">
      <h2 id="trace-forward">{t("lineage.forward")}</h2>
      <p data-testid="forward-summary">
        {t("lineage.summary.forward", {
          lots: trace.totals.lots - 1,
          lines: trace.totals.orderLines,
          units: trace.totals.unitsSold,
          orders: trace.totals.orders,
          buyers: trace.totals.buyersWithEmail,
          available: trace.totals.unitsAvailable,
        })}
      </p>
      <Section id="trace-forward-lots" title={t("lineage.lots.forward")}>
        <TableWrap label={t("lineage.lots.forward")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("lineage.col.lot")}</th>
                <th scope="col">{t("lineage.col.product")}</th>
                <th scope="col">{t("lineage.col.organisation")}</th>
                <th scope="col">{t("lineage.col.depth")}</th>
                <th scope="col">{t("lineage.col.carried")}</th>
                <th scope="col">{t("lineage.col.serials")}</th>
                <th scope="col">{t("lineage.col.stock")}</th>
                <th scope="col">{t("lineage.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {trace.lots.map((l) => (
                <tr key={l.batchId} data-testid="forward-lot">
                  <th scope="row" className="mono">
                    {l.lotCode}
                  </th>
                  <td>{localized(locale, l.productNameVi, l.productNameEn)}</td>
                  <td>{l.organisationName}</td>
                  <td className="num">{l.depth}</td>
                  <td className="num">
                    {n(l.carriedQuantity)} {trace.root.uom}
                  </td>
                  <td>
                    {l.serialCount === 0 ? (
                      "0"
                    ) : (
                      <details>
                        <summary>{n(l.serialCount)}</summary>
                        <span className="mono small">{l.serials.join(" ")}</span>
                      </details>
                    )}
                  </td>
                  <td className="num">{l.stock ? `${n(l.stock.unitsAvailable)} / ${n(l.stock.unitsOnSale)}` : ""}</td>
                  <td>
                    <Status status={l.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </Section>
      <Others trace={trace} id="trace-forward-others" />
      <Section id="trace-orders" title={t("lineage.orders")}>
        {trace.orderLines.length === 0 ? (
          <p>{t("lineage.none")}</p>
        ) : (
          <TableWrap label={t("lineage.orders")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("lineage.col.order")}</th>
                  <th scope="col">{t("lineage.col.lot")}</th>
                  <th scope="col">{t("lineage.col.units")}</th>
                  <th scope="col">{t("lineage.col.buyer")}</th>
                  <th scope="col">{t("lineage.col.delivery")}</th>
                  <th scope="col">{t("lineage.col.time")}</th>
                </tr>
              </thead>
              <tbody>
                {trace.orderLines.map((l) => (
                  <tr key={`${l.orderLineId}-${l.batchId}`} data-testid="trace-order-line">
                    <th scope="row" className="mono">
                      {l.subOrderReference}
                    </th>
                    <td className="mono">{l.lotCode}</td>
                    <td className="num">
                      {n(l.quantity)}
                      {l.released ? <span className="small"> ({t("lineage.released")})</span> : null}
                    </td>
                    <td>
                      {l.buyer.name}
                      {l.buyer.email ? <span className="small"> · {l.buyer.email}</span> : null}
                      <span className="small"> · {l.buyer.phone}</span>
                    </td>
                    <td>{[l.delivery.communeName, province(l.delivery.provinceCode, l.delivery.provinceNameVi, l.delivery.provinceNameEn)].join(", ")}</td>
                    <td>{formatDateTime(l.orderedAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {linesPage.pages > 1 ? <LinesPager page={linesPage} href={pageHref} /> : null}
      </Section>
      <Section id="trace-scans" title={t("lineage.scans")}>
        <p className="small">{t("lineage.scans.note")}</p>
        {trace.scans.length === 0 ? (
          <p>{t("lineage.none")}</p>
        ) : (
          <TableWrap label={t("lineage.scans")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("lineage.col.province")}</th>
                  <th scope="col">{t("lineage.col.scans")}</th>
                </tr>
              </thead>
              <tbody>
                {trace.scans.map((s) => (
                  <tr key={s.provinceCode} data-testid="trace-scan-place">
                    <th scope="row">{province(s.provinceCode, s.provinceNameVi, s.provinceNameEn)}</th>
                    <td className="num">
                      {n(s.scans)}
                      {s.unregistered > 0 ? <span className="small"> ({t("lineage.unregistered", { n: s.unregistered })})</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Section>
      {trace.deliveries.length > 0 ? (
        <Section id="trace-deliveries" title={t("lineage.deliveries")}>
          <TableWrap label={t("lineage.deliveries")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("lineage.col.delivery")}</th>
                  <th scope="col">{t("lineage.col.lines")}</th>
                  <th scope="col">{t("lineage.col.units")}</th>
                </tr>
              </thead>
              <tbody>
                {trace.deliveries.map((d) => (
                  <tr key={`${d.provinceCode}-${d.communeName}`}>
                    <th scope="row">{[d.communeName, province(d.provinceCode, d.provinceNameVi, d.provinceNameEn)].join(", ")}</th>
                    <td className="num">{n(d.orderLines)}</td>
                    <td className="num">{n(d.units)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </Section>
      ) : null}
    </section>
  );
}

/** Links between pages of the order lines (plain links: works without JavaScript). */
function LinesPager({ page, href }: { page: LinesPage; href: (page: number) => string }) {
  const t = useT();
  const locale = useLocale();
  const first = (page.page - 1) * page.size + 1;
  const last = Math.min(page.total, page.page * page.size);
  return (
    <nav aria-label={t("lineage.pages")} className="pager" data-testid="trace-lines-pager">
      <p>
        {t("lineage.pages.showing", { first: formatNumber(first, locale), last: formatNumber(last, locale), total: formatNumber(page.total, locale) })}
      </p>
      <p>
        {page.page > 1 ? (
          <a href={href(page.page - 1)} rel="prev">
            {t("lineage.pages.previous")}
          </a>
        ) : null}
        {page.page > 1 && page.page < page.pages ? " · " : null}
        {page.page < page.pages ? (
          <a href={href(page.page + 1)} rel="next">
            {t("lineage.pages.next")}
          </a>
        ) : null}
        <span className="small"> · {t("lineage.pages.of", { page: page.page, pages: page.pages })}</span>
      </p>
    </nav>
  );
}
