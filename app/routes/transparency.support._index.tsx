import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/charts/BarChart";
import { DataTableView } from "~/components/charts/DataTableView";
import { formatCell } from "~/components/charts/format-cell";
import { SelectField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { MIN_HOUSEHOLDS } from "~/households/suppression";
import { formatVnd, todayInVietnam } from "~/lib/format";
import { localized, translator, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { loadTransparency, resolveTransparencyScope, scopeSearch, transparencyStamp } from "~/support/publication.server";
import { supportProgrammes, transparencyFilterSchema } from "~/support/schema";

/** The public page about programme support: no sign-in; kept as bytes for anonymous visitors (decision 0013). */
export async function loader(args: LoaderFunctionArgs) {
  const { context, request } = args;
  const url = new URL(request.url);
  const locale = getLocale(request);
  const filters = transparencyFilterSchema.parse(Object.fromEntries(url.searchParams));
  const scope = await resolveTransparencyScope(context.db, filters, todayInVietnam());
  const canonical = scopeSearch(scope);
  // One address per view: the page cache keeps one copy of it, and the printed QR code points at it.
  if (url.search !== "" && url.search.replace(/^\?/, "") !== canonical) throw redirect(`/transparency/support?${canonical}`);
  const stamp = await transparencyStamp(context.db);
  const view = await loadTransparency(context.db, scope, translator(locale));
  context.pageStamp?.set(stamp, () => transparencyStamp(context.db));
  return {
    search: canonical,
    tables: view.tables,
    bars: view.bars,
    totals: view.totals,
    filters: { province: scope.province.code, commune: scope.commune ? String(scope.commune.id) : "", programme: scope.programme === "all" ? "" : scope.programme, year: String(scope.year) },
    place: scope.commune ? `${scope.commune.nameVi}, ${localized(locale, scope.province.nameVi, scope.province.nameEn)}` : localized(locale, scope.province.nameVi, scope.province.nameEn),
    programme: scope.programme,
    year: scope.year,
    provinces: scope.provinces.map((p) => ({ value: p.code, label: localized(locale, p.nameVi, p.nameEn) })),
    communes: scope.communes.map((c) => ({ value: String(c.id), label: c.nameVi })),
    years: scope.years.map((y) => ({ value: String(y), label: String(y) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.place} ${data.year} · ` : ""}Minh bạch hỗ trợ · OCOP Trace` },
  { name: "description", content: "Hỗ trợ từ các chương trình mục tiêu quốc gia và quỹ của tỉnh: đã đến đâu và sau đó ra sao." },
];

export default function TransparencySupport() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const programmeName = data.programme === "all" ? t("sup.pub.allProgrammes") : t(`sup.programme.${data.programme}` as MessageKey);
  const exportHref = (table: string, format: "csv" | "xlsx") => `/transparency/support/export?${data.search}&table=${table}&format=${format}`;
  return (
    <div className="container">
      <h1>{t("sup.pub.title")}</h1>
      <p>{t("sup.pub.lead", { min: MIN_HOUSEHOLDS })}</p>
      <Form method="get" className="form form--inline" aria-label={t("sup.pub.filter")}>
        <SelectField name="province" fieldId="pub-province" label={t("sup.field.province")} defaultValue={data.filters.province} options={data.provinces} />
        <SelectField name="commune" fieldId="pub-commune" label={t("sup.field.commune")} defaultValue={data.filters.commune} emptyLabel={t("sup.pub.wholeProvince")} options={data.communes} />
        <SelectField
          name="programme"
          fieldId="pub-programme"
          label={t("sup.field.programme")}
          defaultValue={data.filters.programme}
          emptyLabel={t("sup.pub.allProgrammes")}
          options={supportProgrammes.map((p) => ({ value: p, label: t(`sup.programme.${p}` as MessageKey) }))}
        />
        <SelectField name="year" fieldId="pub-year" label={t("sup.field.year")} defaultValue={data.filters.year} options={data.years} />
        <button type="submit" className="button button--secondary">
          {t("sup.pub.show")}
        </button>
      </Form>
      <h2 data-testid="transparency-scope">{t("sup.pub.scope", { place: data.place, programme: programmeName, year: data.year })}</h2>
      <p>
        <a href={`/transparency/support.pdf?${data.search}`} data-testid="transparency-pdf">
          {t("sup.pub.print")}
        </a>
      </p>
      <dl className="stats" data-testid="transparency-totals">
        <div className="stats__item">
          <dt>{t("sup.pub.totalCooperatives")}</dt>
          <dd>{formatVnd(data.totals.cooperativeVnd, locale)}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("sup.pub.cooperativesSupported")}</dt>
          <dd>{data.totals.cooperatives}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("sup.pub.householdsSupported")}</dt>
          <dd data-value={data.totals.households ?? ""}>{formatCell(data.totals.households, "number", locale)}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("sup.pub.totalHouseholds")}</dt>
          <dd>{data.totals.householdVnd === null ? formatCell(data.totals.households, "number", locale) : formatVnd(data.totals.householdVnd, locale)}</dd>
        </div>
      </dl>
      <BarChart title={t("sup.pub.chart")} bars={data.bars.map((b) => ({ label: t(`sup.kind.${b.kind}` as MessageKey), value: b.valueVnd }))} format={(v) => formatVnd(v, locale)} />
      {data.tables.map((table) => (
        <DataTableView key={table.id} table={table} exportHref={exportHref} />
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
