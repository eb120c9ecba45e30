import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { YearPicker } from "~/components/households/YearPicker";
import { logPersonalDataView, requireHouseholdManager } from "~/households/access.server";
import { ethnicGroup } from "~/households/ethnic-groups";
import { listHouseholds } from "~/households/registry.server";
import { yearChoices, yearFromUrl } from "~/households/year";
import type { MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { vietnamToday } from "~/lib/vietnam-time";
import { TableWrap } from "~/components/TableWrap";

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireHouseholdManager(args);
  const current = Number(vietnamToday().slice(0, 4));
  const year = yearFromUrl(args.request.url, current);
  const rows = await listHouseholds(args.context.db, access.organisation.id, year);
  await logPersonalDataView(args.context.db, access, { entityType: "household_list", entityId: access.organisation.id, detail: { year, count: rows.length } });
  return { slug: access.organisation.slug, year, years: yearChoices(current), rows };
}

export default function Households() {
  const { slug, year, years, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const base = `/workspace/${slug}/households`;
  return (
    <section aria-labelledby="households-heading">
      <div className="section-head">
        <h2 id="households-heading">{t("hh.title")}</h2>
        <p>
          <Link to={`${base}/new`} className="button">
            {t("hh.new")}
          </Link>{" "}
          <Link to={`${base}/supplies`} className="button button--secondary">
            {t("hh.supplies")}
          </Link>{" "}
          <Link to={`${base}/income?year=${year}`} className="button button--secondary">
            {t("hh.income")}
          </Link>{" "}
          <Link to={`${base}/import`} className="button button--secondary">
            {t("hh.import")}
          </Link>
        </p>
      </div>
      <p className="notice notice--warn" role="status">
        {t("hh.privacy")}
      </p>
      <YearPicker year={year} years={years} />
      {rows.length === 0 ? (
        <p>{t("hh.empty")}</p>
      ) : (
        <TableWrap label={t("hh.title")}>
          <table className="table" data-testid="households">
            <thead>
              <tr>
                <th scope="col">{t("hh.field.code")}</th>
                <th scope="col">{t("hh.field.headName")}</th>
                <th scope="col">{t("hh.field.headSex")}</th>
                <th scope="col">{t("hh.field.memberCount")}</th>
                <th scope="col">{t("hh.field.ethnicity")}</th>
                <th scope="col">{t("hh.field.commune")}</th>
                <th scope="col">{`${t("hh.field.status")} ${year}`}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((h) => {
                const group = ethnicGroup(h.ethnicityCode);
                return (
                  <tr key={h.id}>
                    <td>
                      <Link to={`${base}/${h.id}`}>{h.code}</Link>
                    </td>
                    <td>{h.headName}</td>
                    <td>{t(`hh.sex.${h.headSex}`)}</td>
                    <td>{h.memberCount}</td>
                    <td>{group ? (locale === "en" ? group.nameEn : group.nameVi) : h.ethnicityCode}</td>
                    <td>{h.village ? `${h.village}, ${h.communeName}` : h.communeName}</td>
                    <td>{t(`hh.status.${h.status ?? "unknown"}` as MessageKey)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
