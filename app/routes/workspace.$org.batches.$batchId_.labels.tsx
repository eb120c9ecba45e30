import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/CsrfInput";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { LABEL_SIZES, labelsDownloadable, MAX_UNITS_PER_RUN, THERMAL_DPIS, THERMAL_LANGUAGES } from "~/trace/labels";
import { countSerials, getLabelBatch, issueSerialUnits, labelUri } from "~/trace/labels.server";
import { countBatchScans, listFlaggedSerials } from "~/trace/scans.server";
import { requireWorkspace, requireWorkspaceAction } from "~/workspace/access.server";

const batchIdParam = z.guid();
const issueForm = z.object({ count: z.coerce.number().int().min(1).max(MAX_UNITS_PER_RUN) });

async function loadBatch(args: LoaderFunctionArgs | ActionFunctionArgs, organisationId: string) {
  const id = batchIdParam.safeParse(args.params.batchId);
  const batch = id.success ? await getLabelBatch(args.context.db, organisationId, id.data) : null;
  if (!batch) throw new Response("Not Found", { status: 404 });
  return batch;
}

export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireWorkspace(args);
  const batch = await loadBatch(args, organisation.id);
  const db = args.context.db;
  const origin = args.context.publicUrl;
  const [serialCount, flagged, scans] = await Promise.all([
    countSerials(db, batch.id),
    listFlaggedSerials(db, batch.id),
    countBatchScans(db, batch.id),
  ]);
  return {
    slug: organisation.slug,
    batch,
    uri: labelUri(origin, batch),
    publicUrl: origin,
    serialCount,
    flagged,
    scans,
    downloadable: labelsDownloadable(organisation.status),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args);
  const batch = await loadBatch(args, access.organisation.id);
  const parsed = issueForm.safeParse({ count: form.get("count") });
  if (!parsed.success) return { error: "labels.invalidCount" as const };
  const result = await issueSerialUnits(args.context.db, {
    organisationId: access.organisation.id,
    batchId: batch.id,
    count: parsed.data.count,
  });
  if (!result.ok) return { error: "labels.invalidCount" as const };
  return redirect(`/workspace/${access.organisation.slug}/batches/${batch.id}/labels?issued=${result.issued.length}`);
}

export default function LabelsRoute() {
  const { slug, batch, uri, publicUrl, serialCount, flagged, scans, downloadable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const base = `/workspace/${slug}/batches/${batch.id}/labels`;
  const issued = Number(params.get("issued") ?? 0);
  return (
    <article aria-labelledby="labels-heading" className="labels-page">
      <p className="breadcrumb">
        <Link to={`/workspace/${slug}/batches/${batch.id}`}>
          {batch.lotCode} · {localized(locale, batch.productNameVi, batch.productNameEn)}
        </Link>
      </p>
      <h2 id="labels-heading">{t("labels.title", { lot: batch.lotCode })}</h2>
      {issued > 0 ? (
        <p className="notice notice--ok" role="status">
          {t("labels.issued", { count: issued })}
        </p>
      ) : null}
      {/* Printed labels carry this address for ever: it comes from PUBLIC_URL, shown so a wrong one is caught before printing. */}
      <p className="notice" role="note" data-testid="label-address">
        {t("labels.printedAddress")} <strong className="mono">{publicUrl}</strong>
      </p>
      {batch.gtin ? null : (
        <p className="notice notice--warn" role="note" data-testid="labels-no-gtin">
          {t("labels.noGtin")} <Link to={`/workspace/${slug}/products/${batch.productId}`}>{t("labels.addGtin")}</Link>
        </p>
      )}
      <div className="labels-qr">
        {downloadable ? <img src={`${base}/qr.svg`} width={160} height={160} alt={uri} data-testid="batch-qr" /> : null}
        <dl className="facts">
          <dt>{t("labels.batchCode")}</dt>
          <dd className="mono" data-testid="short-code">
            {batch.shortCode}
          </dd>
          <dt>{t("origin.item.traceCode")}</dt>
          <dd className="mono small" data-testid="label-uri">
            {uri}
          </dd>
          <dt>{t("labels.scans")}</dt>
          <dd>{scans}</dd>
        </dl>
      </div>
      {downloadable ? (
        <ul className="plain-list">
          <li>
            <a href={`${base}/qr.svg`} download>
              {t("labels.download.svg")}
            </a>
          </li>
          <li>
            <a href={`${base}/qr.png`} download data-testid="download-png">
              {t("labels.download.png")}
            </a>
          </li>
          {LABEL_SIZES.map((size) => (
            <li key={size}>
              <a href={`${base}/batch.pdf?size=${size}`} data-testid={`batch-pdf-${size}`}>
                {t("labels.download.batchPdfSize", {
                  size: size.replace("x", "×"),
                })}
              </a>
            </li>
          ))}
          {serialCount > 0
            ? LABEL_SIZES.map((size) => (
                <li key={`units-${size}`}>
                  <a href={`${base}/units.pdf?size=${size}`} data-testid={size === "50x30" ? "units-pdf" : `units-pdf-${size}`}>
                    {t("labels.download.unitsPdfSize", { count: serialCount, size: size.replace("x", "×") })}
                  </a>
                </li>
              ))
            : null}
        </ul>
      ) : null}
      {downloadable ? (
        <section aria-labelledby="thermal-heading">
          <h3 id="thermal-heading">{t("labels.thermal.title")}</h3>
          <p>{t("labels.thermal.intro")}</p>
          {/* A plain GET form: the file downloads without JavaScript. */}
          <Form method="get" action={`${base}/thermal`} reloadDocument className="form" data-testid="thermal-form">
            <fieldset>
              <legend>{t("labels.thermal.of")}</legend>
              <label>
                <input type="radio" name="of" value="batch" defaultChecked /> {t("labels.thermal.ofBatch")}
              </label>
              {serialCount > 0 ? (
                <label>
                  <input type="radio" name="of" value="units" /> {t("labels.thermal.ofUnits", { count: serialCount })}
                </label>
              ) : null}
            </fieldset>
            <label htmlFor="thermal-language">{t("labels.thermal.language")}</label>
            <select id="thermal-language" name="language" defaultValue="zpl">
              {THERMAL_LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {language.toUpperCase()}
                </option>
              ))}
            </select>
            <label htmlFor="thermal-size">{t("labels.labelSize")}</label>
            <select id="thermal-size" name="size" defaultValue="50x30">
              {LABEL_SIZES.map((size) => (
                <option key={size} value={size}>
                  {`${size.replace("x", "×")} mm`}
                </option>
              ))}
            </select>
            <label htmlFor="thermal-dpi">{t("labels.thermal.dpi")}</label>
            <select id="thermal-dpi" name="dpi" defaultValue="203">
              {THERMAL_DPIS.map((dpi) => (
                <option key={dpi} value={dpi}>
                  {`${dpi} dpi`}
                </option>
              ))}
            </select>
            <button type="submit" className="button" data-testid="thermal-download">
              {t("labels.thermal.download")}
            </button>
          </Form>
        </section>
      ) : (
        <p className="notice notice--danger" role="alert" data-testid="labels-not-approved">
          {t("labels.notApproved")}
        </p>
      )}

      <section aria-labelledby="units-heading">
        <h3 id="units-heading">{t("labels.units")}</h3>
        <p>{t("labels.unitCount", { count: serialCount })}</p>
        <Form method="post" className="form">
          <CsrfInput />
          <label htmlFor="count">{t("labels.issueCount")}</label>
          <input id="count" name="count" type="number" min={1} max={MAX_UNITS_PER_RUN} defaultValue={100} required />
          {actionData?.error ? (
            <p className="field__error" role="alert">
              {t(actionData.error)}
            </p>
          ) : null}
          <button type="submit" className="button">
            {t("labels.issue")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="flags-heading">
        <h3 id="flags-heading">{t("labels.flagged")}</h3>
        {flagged.length === 0 ? (
          <p>{t("labels.noFlags")}</p>
        ) : (
          <ul className="plain-list" data-testid="flagged">
            {flagged.map((f) => (
              <li key={f.serial} className="mono">
                {t("labels.flaggedItem", {
                  serial: f.serial,
                  count: f.scans,
                  provinces: f.provinces,
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
