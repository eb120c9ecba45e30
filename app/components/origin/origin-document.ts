/**
 * The one renderer of the QR origin page and of the "not registered" page, as whole HTML documents
 * built from strings: they ship no JavaScript, so React adds nothing to them but CPU time on the
 * busiest page of the app (docs/decisions/0005-origin-page-cache.md). Served by the HTTP fast path
 * (app/http/origin-fast-path.ts) and by the Remix resource routes behind it, with the same markup,
 * class names and stylesheet as the Remix pages (root.tsx), and the header and footer from site-chrome.ts.
 */
import type { OriginPage } from "~/trace/origin.server";
import { certificateState, ocopStanding } from "~/catalog/ocop";
import { certificatePath } from "~/ocop/certificate-paths";
import { vietnamDate } from "~/lib/vietnam-time";
import { formatDate, formatDateTime, formatNumber, formatUom } from "~/lib/format";
import { localized, translate, type Locale, type MessageKey, type MessageVars } from "~/lib/i18n";
import { siteFooter, siteFooterHtml, siteHeader, siteHeaderHtml } from "../site-chrome";
import { html, type HtmlValue, type SafeHtml } from "./html";

export interface DocumentLink {
  rel: string;
  href: string;
  type?: string;
}

/** What every page around the content needs: the root route's <link>s and whether demo data is loaded. */
export interface DocumentShell {
  links: readonly DocumentLink[];
  demo: boolean;
}

export interface OriginDocumentInput {
  page: OriginPage;
  locale: Locale;
  /** Today's date in Vietnam (YYYY-MM-DD): certificate validity depends on it. */
  today: string;
  shell: DocumentShell;
  /** The resolver walked up to this lot from a serial it does not know: warn that the unit may not be genuine. */
  walkUp?: boolean;
}

export interface NotRegisteredDocumentInput {
  /** 400: the code is malformed; 404: well-formed but not registered. */
  status: 400 | 404;
  locale: Locale;
  /** The path (and query) asked for, where the language switch returns to. */
  path: string;
  shell: DocumentShell;
}

/** Shared caches may keep a page for 30 s and serve it stale while they fetch it again; error pages are never kept. */
export const ORIGIN_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=300";

/** The headers of an origin or "not registered" document (the fast path adds ETag and Content-Length). */
export function originDocumentHeaders(status: number): Record<string, string> {
  return {
    "Content-Type": "text/html; charset=utf-8",
    "X-Content-Type-Options": "nosniff",
    // The language comes from ?lang=, the cookie or (a first visit) Accept-Language: caches keep them apart.
    Vary: "Cookie, Accept-Language",
    "Cache-Control": status === 200 ? ORIGIN_CACHE_CONTROL : "no-store",
  };
}

/** The root route's `links()` as plain <link> attributes (descriptors without rel and href are left out). */
export function documentLinks(descriptors: readonly unknown[]): DocumentLink[] {
  const out: DocumentLink[] = [];
  for (const d of descriptors) {
    if (!d || typeof d !== "object") continue;
    const { rel, href, type } = d as Record<string, unknown>;
    if (typeof rel === "string" && typeof href === "string") out.push(typeof type === "string" ? { rel, href, type } : { rel, href });
  }
  return out;
}

type Meta = { name: string; content: string } | { property: string; content: string };

function documentOf(
  locale: Locale,
  title: string,
  meta: readonly Meta[],
  shell: DocumentShell,
  path: string,
  content: SafeHtml,
): string {
  // The header and footer from the one source of the site's chrome, as an anonymous visitor sees them.
  const header = siteHeaderHtml(siteHeader({ locale, path, viewer: null, cartUnits: 0 }));
  const footer = siteFooterHtml(siteFooter({ locale, demo: shell.demo }));
  return html`<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="theme-color" content="#1f6f43"><title>${title}</title>${meta.map((m) =>
    "property" in m ? html`<meta property="${m.property}" content="${m.content}">` : html`<meta name="${m.name}" content="${m.content}">`,
  )}${shell.links.map((l) => html`<link rel="${l.rel}" href="${l.href}"${l.type ? html` type="${l.type}"` : null}>`)}</head><body>${header}<main id="main">${content}</main>${footer}</body></html>`.value;
}

const fact = (label: string, value: HtmlValue, item?: string) =>
  item ? html`<dt>${label}</dt><dd data-item="${item}">${value}</dd>` : html`<dt>${label}</dt><dd>${value}</dd>`;

/** The origin page of a batch or a unit: everything a consumer needs to trust it, ten Circular 02/2024 items included. */
export function renderOriginDocument({ page, locale, today, shell, walkUp = false }: OriginDocumentInput): string {
  const t = (key: MessageKey, vars?: MessageVars) => translate(locale, key, vars);
  const date = (isoDate: string) => formatDate(isoDate, locale);
  const { batch, product, organisation } = page;
  const productName = localized(locale, product.nameVi, product.nameEn);
  const unit = localized(locale, product.unitVi, product.unitEn);
  const producer = localized(locale, organisation.name, organisation.nameEn);
  // A stored address usually names its commune and province already.
  const producerPlace = organisation.address ?? [organisation.communeName, organisation.provinceName].filter(Boolean).join(", ");
  const origin = [batch.originCommune, batch.originProvince].filter(Boolean).join(", ");
  const traceCode = page.serial ? `${batch.shortCode}/${page.serial}` : batch.shortCode;
  const title = t("origin.title", { product: productName });
  const description = t("origin.ogDescription", {
    lot: batch.lotCode,
    producer,
    commune: organisation.communeName ?? batch.originCommune ?? "",
  });

  const alerts = html`${
    page.verified ? null : html`<p class="notice notice--danger origin-alert" role="alert" data-testid="unverified-producer">${t("origin.unverified")}</p>`
  }${
    walkUp ? html`<p class="notice notice--danger origin-alert" role="alert" data-testid="walk-up-warning">${t("origin.walkUp.serial")}</p>` : null
  }${
    batch.status === "recalled" || batch.status === "withdrawn"
      ? html`<p class="notice notice--danger origin-alert" role="alert" data-testid="recall-warning">${t(batch.status === "recalled" ? "origin.recalled" : "origin.withdrawn")}</p>${
          page.recall
            ? html`<p class="notice notice--danger origin-alert" data-testid="recall-message">${locale === "en" ? page.recall.messageEn : page.recall.messageVi} <a href="/recalls/${encodeURIComponent(page.recall.number)}">${t("recall.notice.link", { number: page.recall.number })}</a></p>`
            : null
        }`
      : null
  }${
    page.flag
      ? html`<p class="notice notice--warn" role="alert" data-testid="scan-flag">${t("origin.flagged", { count: page.flag.count, provinces: page.flag.provinces })}</p>`
      : null
  }`;

  // Stars only while the certificate is valid today (app/catalog/ocop.ts).
  const standing = ocopStanding(product, today);
  const badges = html`<p class="card__badges">${
    !page.verified || standing.kind === "none"
      ? null
      : standing.kind === "certified"
        ? html`<span class="badge badge--ocop badge--stars-${standing.stars}" title="${t("product.ocop", { stars: standing.stars })}">${t("product.ocopShort", { stars: standing.stars })}</span>`
        : html`<span class="badge badge--lapsed" data-testid="ocop-lapsed">${t(standing.kind === "expired" ? "product.ocopLapsed" : "product.ocopNotYetValid")}</span>`
  }${batch.isDemo ? html`<span class="badge badge--demo">${t("demo.badge")}</span>` : null}</p>`;

  const facts = html`<dl class="facts origin-facts">${[
    fact(t("origin.producer"), producer),
    producerPlace ? fact(t("origin.address"), producerPlace) : null,
    fact(t("origin.lot"), html`<span class="mono">${batch.lotCode}</span>`),
    fact(t("origin.produced"), date(batch.producedOn)),
    batch.bestBefore ? fact(t("origin.bestBefore"), date(batch.bestBefore)) : null,
    batch.expiresOn ? fact(t("origin.expires"), date(batch.expiresOn)) : null,
    fact(t("origin.quantity"), `${formatNumber(batch.quantity, locale)} ${formatUom(batch.uom, unit)}`),
    origin ? fact(t("origin.originArea"), origin) : null,
    batch.farmPlot ? fact(t("origin.farmPlot"), batch.farmPlot) : null,
  ]}</dl>`;

  let ocop: SafeHtml | null = null;
  if (page.verified && standing.kind !== "none" && product.ocopCertificateNumber && product.ocopIssuedOn && product.ocopExpiresOn) {
    const { state, daysLeft } = certificateState(product.ocopExpiresOn, today);
    const status =
      state === "expired"
        ? t("product.certificateExpired")
        : state === "expiring"
          ? t("product.certificateExpiringSoon", { days: daysLeft })
          : t("product.certificateValid");
    ocop = html`<section class="panel" aria-labelledby="ocop-h" data-testid="ocop"><h2 id="ocop-h">${t("origin.ocop")}</h2><dl class="facts">${[
      standing.kind === "certified"
        ? fact(t("origin.rating"), t("origin.ocopStars", { stars: standing.stars }))
        : fact(t("origin.rating"), html`<span data-testid="ocop-lapsed-note">${t(standing.kind === "expired" ? "product.ocopLapsed" : "product.ocopNotYetValid")}</span>`),
      fact(t("origin.certificateNumber"), html`<a class="mono" href="${certificatePath(product.ocopCertificateNumber)}" data-testid="certificate-link">${product.ocopCertificateNumber}</a>`),
      fact(t("origin.validFrom"), date(product.ocopIssuedOn)),
      fact(
        t("origin.validUntil"),
        html`${date(product.ocopExpiresOn)} <span data-expired="${state === "expired" ? "true" : "false"}"><span class="cert-status cert-status--${state}">${status}</span></span>`,
      ),
    ]}</dl></section>`;
  }

  // The newest certificate withdrawn: said beside any older certificate the product shows again (decision 0026).
  const withdrawn = page.withdrawnCertificate;
  if (withdrawn) {
    ocop = html`${ocop}<section class="panel" aria-labelledby="ocop-withdrawn-h" data-testid="ocop-withdrawn"><h2 id="ocop-withdrawn-h">${t("origin.ocop")}</h2><p class="notice notice--danger">${t("ocopRegister.verify.withdrawn", {
      number: withdrawn.number,
      status: t(withdrawn.status === "revoked" ? "ocopRegister.withdrawn.revoked" : "ocopRegister.withdrawn.suspended"),
      date: withdrawn.changedAt ? date(vietnamDate(new Date(withdrawn.changedAt))) : "",
      reason: withdrawn.reason ?? "",
    })}</p><p><a href="${certificatePath(withdrawn.number)}">${t("ocopRegister.link.verify")}</a></p></section>`;
  }

  const timeline = html`<section aria-labelledby="timeline-h"><h2 id="timeline-h">${t("origin.timeline")}</h2>${
    page.events.length === 0
      ? html`<p>${t("origin.noEvents")}</p>`
      : html`<ol class="timeline" data-testid="timeline">${page.events.map((e) => {
          const place = [e.locationName, e.communeName].filter(Boolean).join(", ");
          return html`<li class="timeline__item"><p class="timeline__title"><strong>${t(`step.${e.kind}` as MessageKey)}</strong> · <time datetime="${e.eventTime}">${formatDateTime(e.eventTime, locale)}</time></p>${
            place ? html`<p class="muted">${place}</p>` : null
          }${e.quantity && e.uom ? html`<p class="muted">${formatNumber(e.quantity, locale)} ${formatUom(e.uom, unit)}</p>` : null}</li>`;
        })}</ol>`
  }</section>`;

  const lineage =
    page.lineage.length > 0
      ? html`<section aria-labelledby="lineage-h"><h2 id="lineage-h">${t("origin.lineage")}</h2><ul class="plain-list" data-testid="lineage">${page.lineage.map((l) => {
          const from = l.communeName ? `, ${t("origin.lineageFrom", { place: [l.communeName, l.provinceName].filter(Boolean).join(", ") })}` : "";
          const detail = `(${formatNumber(l.quantity, locale)} ${formatUom(l.uom, t("uom.H87"))}, ${date(l.producedOn)}${from}, ${l.organisationName})`;
          return html`<li style="padding-left:${Math.max(0, l.depth - 1) * 12}px">${t("origin.lineageItem", {
            lot: l.lotCode,
            product: localized(locale, l.productNameVi, l.productNameEn),
          })} <span class="muted">${detail}</span></li>`;
        })}</ul></section>`
      : null;

  const lab = html`<section aria-labelledby="lab-h"><h2 id="lab-h">${t("origin.lab")}</h2>${
    page.labResults.length === 0
      ? html`<p>${t("origin.noLab")}</p>`
      : html`<ul class="plain-list" data-testid="lab-results">${page.labResults.map(
          (l) =>
            html`<li data-outcome="${l.outcome ?? ""}">${t("origin.labResult", {
              lab: l.lab,
              report: l.reportNumber,
              result: l.outcome ? t(`origin.labOutcome.${l.outcome}`) : l.result,
            })}${l.corrected ? html` <strong data-testid="lab-corrected">${t("origin.labCorrected")}</strong>` : null}${
              l.standard ? html`<span class="muted"> · ${l.standard}</span>` : null
            }${l.reportUrl ? html` · <a href="${l.reportUrl}" data-testid="lab-report-link">${t("origin.labReport")}</a>` : null}</li>`,
        )}</ul>`
  }</section>`;

  const chain = html`<p class="${page.chain.ok ? "notice notice--ok" : "notice notice--danger"}" data-testid="chain-check">${
    page.chain.ok
      ? page.lastRecordedAt
        ? t("origin.chainOk", { time: formatDateTime(page.lastRecordedAt, locale), count: page.chain.length })
        : t("origin.chainEmpty")
      : t("origin.chainBroken", { sequence: page.chain.brokenAtSequence })
  }</p>`;

  // An unverified producer's page offers no buy link and no EPCIS export (which is not public until approval).
  const actions = page.verified
    ? html`<p class="origin-actions"><a class="button" href="/products/${encodeURIComponent(product.slug)}" data-testid="buy">${t(
        "origin.buy",
      )}</a> <a href="${page.epcisPath}" type="application/ld+json">${t("origin.epcis")}</a></p>`
    : null;

  const photos =
    page.photoUrls.length > 0
      ? html`<ul class="photo-strip" data-testid="origin-photos">${page.photoUrls.map(
          (url, i) =>
            html`<li><img src="${url}" alt="${t("ws.photos.alt", { n: i + 1 })}" width="480" height="320" loading="${i === 0 ? "eager" : "lazy"}"></li>`,
        )}</ul>`
      : t("origin.noImages");

  const record = html`<section aria-labelledby="record-h"><h2 id="record-h">${t("origin.record")}</h2><dl class="facts facts--small" data-testid="circular-02">${[
    fact(t("origin.item.productName"), productName, "productName"),
    fact(t("origin.item.images"), photos, "images"),
    fact(t("origin.item.producerName"), producer, "producerName"),
    fact(t("origin.item.producerAddress"), producerPlace || t("origin.none"), "producerAddress"),
    fact(t("origin.item.stages"), t("origin.stageCount", { count: page.events.length }), "stages"),
    fact(t("origin.item.productionTime"), date(batch.producedOn), "productionTime"),
    fact(t("origin.item.traceCode"), html`<span class="mono">${traceCode}</span>`, "traceCode"),
    fact(t("origin.item.brand"), [productName, product.gtin ? `GTIN ${product.gtin}` : null, page.serial].filter(Boolean).join(" · "), "brand"),
    fact(
      t("origin.item.shelfLife"),
      batch.bestBefore ? date(batch.bestBefore) : batch.expiresOn ? date(batch.expiresOn) : t("origin.none"),
      "shelfLife",
    ),
    fact(t("origin.item.standards"), page.standards.length > 0 ? page.standards.join("; ") : t("origin.none"), "standards"),
  ]}</dl></section>`;

  const province = html`<form method="get" class="origin-province"><label for="province">${t("origin.province")}</label><select id="province" name="p"><option value="" selected>${t(
    "origin.provinceChoose",
  )}</option>${page.provinces.map((p) => html`<option value="${p.code}">${localized(locale, p.nameVi, p.nameEn)}</option>`)}</select> <button type="submit" class="button button--secondary">${t(
    "origin.provinceSend",
  )}</button><p class="small muted">${t("origin.provinceHint")}</p></form>`;

  const reportQuery = new URLSearchParams({ kind: "counterfeit", code: batch.shortCode, ...(page.serial ? { serial: page.serial } : {}) });
  const report = html`<p class="origin-report"><a href="/reports/new?${reportQuery.toString()}" data-testid="report-link">${t("rep.link")}</a></p>`;

  const content = html`<article class="container origin-page" data-batch="${batch.shortCode}">${alerts}<h1>${productName}</h1>${badges}<p class="muted">${t(
    "origin.lead",
  )}</p>${page.serial ? html`<p class="mono">${t("origin.unit", { serial: page.serial })}</p>` : null}${facts}${ocop}${timeline}${lineage}${lab}${chain}${actions}${record}${province}${report}</article>`;

  const meta: Meta[] = [
    { name: "description", content: description },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: "OCOP Trace" },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:locale", content: locale === "vi" ? "vi_VN" : "en_GB" },
    { name: "robots", content: "noindex" },
  ];
  return documentOf(locale, `${title} · OCOP Trace`, meta, shell, page.path, content);
}

/** The answer to a malformed (400) or unknown (404) code: a consumer must read plainly that the product may not be genuine. */
export function renderNotRegisteredDocument({ status, locale, path, shell }: NotRegisteredDocumentInput): string {
  const t = (key: MessageKey) => translate(locale, key);
  const malformed = status === 400;
  const title = t(malformed ? "origin.malformed.title" : "origin.notRegistered.title");
  const content = html`<div class="container origin-page not-registered" data-status="${status}" data-testid="not-registered"><p class="notice notice--danger" role="alert"><strong>${title}</strong></p><h1>${title}</h1><p>${t(
    malformed ? "origin.malformed.body" : "origin.notRegistered.body",
  )}</p><p><a href="/" class="button">${t("origin.home")}</a></p></div>`;
  return documentOf(locale, `${title} · OCOP Trace`, [{ name: "robots", content: "noindex" }], shell, path, content);
}
