import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { YearPicker } from "~/components/households/YearPicker";
import { logPersonalDataView, requireHouseholdManager } from "~/households/access.server";
import { householdIncomeReport } from "~/households/income.server";
import { yearChoices, yearFromUrl } from "~/households/year";
import { formatNumber, formatVnd } from "~/lib/format";
import type { MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { vietnamToday } from "~/lib/vietnam-time";
import { TableWrap } from "~/components/TableWrap";

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireHouseholdManager(args);
  const current = Number(vietnamToday().slice(0, 4));
  const year = yearFromUrl(args.request.url, current);
  const rows = await householdIncomeReport(args.context.db, { organisationId: access.organisation.id, year });
  await logPersonalDataView(args.context.db, access, { entityType: "household_income", entityId: access.organisation.id, detail: { year, count: rows.length } });
  return { slug: access.organisation.slug, year, years: yearChoices(current), rows };
}

export default function HouseholdIncome() {
  const { slug, year, years, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const total = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((sum, r) => sum + pick(r), 0);
  return (
    <section aria-labelledby="income-heading">
      <h2 id="income-heading">{`${t("hh.income")} · ${year}`}</h2>
      <p>
        <Link to={`/workspace/${slug}/households`}>{t("hh.title")}</Link>
      </p>
      <p>{t("hh.income.intro")}</p>
      <p className="notice notice--warn" role="status">
        {t("hh.privacy")}
      </p>
      <YearPicker year={year} years={years} />
      {rows.length === 0 ? (
        <p>{t("hh.empty")}</p>
      ) : (
        <TableWrap label={t("hh.income")}>
          <table className="table" data-testid="household-income">
            <thead>
              <tr>
                <th scope="col">{t("hh.field.code")}</th>
                <th scope="col">{t("hh.field.headName")}</th>
                <th scope="col">{t("hh.field.status")}</th>
                <th scope="col">{t("hh.income.received")}</th>
                <th scope="col">{t("hh.income.attributed")}</th>
                <th scope="col">{t("hh.income.perPerson")}</th>
                <th scope="col">{t("hh.income.vsBaseline")}</th>
                <th scope="col">{t("hh.income.vsLine")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.householdId} data-code={r.code}>
                  <td>
                    <Link to={`/workspace/${slug}/households/${r.householdId}`}>{r.code}</Link>
                  </td>
                  <td>{r.headName}</td>
                  <td>{t(`hh.status.${r.status ?? "unknown"}` as MessageKey)}</td>
                  <td data-cell="received">{formatVnd(r.moneyReceivedVnd, locale)}</td>
                  <td data-cell="attributed">{formatVnd(r.attributedSalesVnd, locale)}</td>
                  <td>{r.incomePerPersonVnd === null ? t("hh.income.notSurveyed") : formatVnd(r.incomePerPersonVnd, locale)}</td>
                  <td>{r.growthRatio === null ? "—" : `${formatNumber(Math.round(r.growthRatio * 1000) / 10, locale, 1)} %`}</td>
                  <td>
                    {r.aboveLine === null || r.povertyLineVnd === null
                      ? "—"
                      : t(r.aboveLine ? "hh.income.aboveLine" : "hh.income.belowLine", { line: formatVnd(r.povertyLineVnd, locale) })}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  {t("hh.income.total")}
                </th>
                <td data-cell="received-total">{formatVnd(total((r) => r.moneyReceivedVnd), locale)}</td>
                <td data-cell="attributed-total">{formatVnd(total((r) => r.attributedSalesVnd), locale)}</td>
                <td colSpan={3} />
              </tr>
            </tfoot>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
