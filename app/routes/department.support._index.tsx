import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextAreaField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { SupportEntryFields } from "~/components/support/SupportEntryFields";
import { TableWrap } from "~/components/TableWrap";
import { DEFAULT_PROVINCE } from "~/insights/filters";
import { formatDate, formatVnd } from "~/lib/format";
import type { MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { vietnamToday } from "~/lib/vietnam-time";
import { appointingDepartmentId } from "~/identity/commune-officers.server";
import { requireUser } from "~/identity/request.server";
import { requireSupportOfficer, requireSupportOfficerAction } from "~/support/access.server";
import { ledgerChoices, listLedger, recordSupportEntry } from "~/support/ledger.server";
import { supportBeneficiaries, supportKinds, supportProgrammes, transparencyFilterSchema, type SupportKind } from "~/support/schema";
import { formObject } from "~/workspace/access.server";

const kindFilter = (v: string | null): SupportKind | undefined => (supportKinds as readonly string[]).includes(v ?? "") ? (v as SupportKind) : undefined;

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireSupportOfficer(args);
  const db = args.context.db;
  const url = new URL(args.request.url);
  const filters = transparencyFilterSchema.parse(Object.fromEntries(url.searchParams));
  // A commune officer sees, and may choose, their own commune only.
  if (actor.communeId) filters.commune = actor.communeId;
  const kind = kindFilter(url.searchParams.get("kind"));
  const withCorrected = url.searchParams.get("corrected") === "1";
  const allChoices = await ledgerChoices(db, DEFAULT_PROVINCE);
  const choices = actor.communeId ? { ...allChoices, communes: allChoices.communes.filter((c) => c.id === actor.communeId) } : allChoices;
  const rows = await listLedger(db, { year: filters.year, programme: filters.programme, kind, communeId: filters.commune, withCorrected });
  return {
    appointsOfficers: appointingDepartmentId(await requireUser(args)) !== null,
    officerCommune: actor.communeId ? (choices.communes[0]?.nameVi ?? "") : null,
    rows,
    choices,
    filters: { year: filters.year ? String(filters.year) : "", programme: filters.programme ?? "", kind: kind ?? "", commune: filters.commune ? String(filters.commune) : "", corrected: withCorrected },
    today: vietnamToday(),
    saved: url.searchParams.get("saved"),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { actor, form } = await requireSupportOfficerAction(args);
  const values = formObject(form);
  const result = await recordSupportEntry(args.context.db, actor, values, { today: vietnamToday() });
  if (!result.ok) return { errors: result.fieldErrors ?? { _form: "sup.error.invalid" }, values };
  return redirect(`/department/support?saved=${result.number}`);
}

export const meta: MetaFunction = () => [{ title: "Hỗ trợ từ chương trình · OCOP Trace" }, { name: "robots", content: "noindex" }];

export default function DepartmentSupport() {
  const { rows, choices, filters, today, saved, officerCommune, appointsOfficers } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errors: Record<string, string> = data?.errors ?? {};
  const values: Record<string, string> = data?.values ?? { givenOn: today };
  const errorFor = (field: string) => errors[field];
  return (
    <div className="container">
      <h1>{t("sup.dept.title")}</h1>
      <p>{t("sup.dept.lead")}</p>
      {officerCommune !== null ? (
        <p className="notice" data-testid="support-commune-scope">
          {t("sup.dept.communeScope", { commune: officerCommune })}
        </p>
      ) : null}
      <p>
        <Link to="/department/support/import">{t("sup.import.title")}</Link> · <Link to="/transparency/support">{t("sup.pub.title")}</Link>
        {appointsOfficers ? (
          <>
            {" · "}
            <Link to="/department/officers">{t("sup.officers.link")}</Link>
          </>
        ) : null}
      </p>
      {saved ? (
        <p className="notice notice--ok" role="status" data-testid="support-saved">
          {t("sup.dept.saved", { number: saved })}
        </p>
      ) : null}

      <section aria-labelledby="ledger-heading" className="section">
        <h2 id="ledger-heading">{t("sup.dept.ledger")}</h2>
        <Form method="get" className="form form--inline" aria-label={t("sup.filter.label")}>
          <SelectField name="year" fieldId="filter-year" label={t("sup.field.year")} defaultValue={filters.year} emptyLabel={t("sup.filter.all")} options={[0, 1, 2, 3].map((i) => String(Number(today.slice(0, 4)) - i)).map((y) => ({ value: y, label: y }))} />
          <SelectField name="programme" fieldId="filter-programme" label={t("sup.field.programme")} defaultValue={filters.programme} emptyLabel={t("sup.filter.all")} options={supportProgrammes.map((p) => ({ value: p, label: t(`sup.programme.${p}` as MessageKey) }))} />
          <SelectField name="kind" fieldId="filter-kind" label={t("sup.field.kind")} defaultValue={filters.kind} emptyLabel={t("sup.filter.all")} options={supportKinds.map((k) => ({ value: k, label: t(`sup.kind.${k}` as MessageKey) }))} />
          <SelectField name="commune" fieldId="filter-commune" label={t("sup.field.commune")} defaultValue={filters.commune} emptyLabel={t("sup.filter.all")} options={choices.communes.map((c) => ({ value: String(c.id), label: c.nameVi }))} />
          <SelectField name="corrected" fieldId="filter-corrected" label={t("sup.filter.corrected")} defaultValue={filters.corrected ? "1" : ""} options={[{ value: "", label: t("sup.filter.currentOnly") }, { value: "1", label: t("sup.filter.withCorrected") }]} />
          <button type="submit" className="button button--secondary">
            {t("sup.filter.apply")}
          </button>
        </Form>
        {rows.length === 0 ? (
          <p>{t("sup.dept.empty")}</p>
        ) : (
          <TableWrap label={t("sup.dept.ledger")}>
            <table className="table" data-testid="support-ledger">
              <thead>
                <tr>
                  <th scope="col">{t("sup.col.number")}</th>
                  <th scope="col">{t("sup.field.givenOn")}</th>
                  <th scope="col">{t("sup.field.programme")}</th>
                  <th scope="col">{t("sup.field.project")}</th>
                  <th scope="col">{t("sup.field.kind")}</th>
                  <th scope="col">{t("sup.col.cooperative")}</th>
                  <th scope="col">{t("sup.col.households")}</th>
                  <th scope="col">{t("sup.field.commune")}</th>
                  <th scope="col" style={{ textAlign: "right" }}>
                    {t("sup.field.value")}
                  </th>
                  <th scope="col">{t("sup.col.state")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-entry={r.number}>
                    <th scope="row">
                      <Link to={`/department/support/${r.id}`} aria-label={t("sup.dept.openEntry", { number: r.number })}>
                        {r.number}
                      </Link>
                    </th>
                    <td>{formatDate(r.givenOn, locale)}</td>
                    <td>{t(`sup.programme.${r.programme}` as MessageKey)}</td>
                    <td>{r.project}</td>
                    <td>{t(`sup.kind.${r.kind}` as MessageKey)}</td>
                    <td>{r.organisationName}</td>
                    <td>{r.beneficiary === "households" ? r.households : "—"}</td>
                    <td>{r.communeName}</td>
                    <td style={{ textAlign: "right" }}>{formatVnd(r.valueVnd, locale)}</td>
                    <td>
                      {r.correctedByNumber !== null
                        ? t("sup.state.corrected", { number: r.correctedByNumber })
                        : r.correctsNumber !== null
                          ? t("sup.state.correction", { number: r.correctsNumber })
                          : t("sup.state.current")}
                      {r.revolving ? ` · ${t("sup.state.repaid", { amount: formatVnd(r.repaidVnd, locale) })}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section aria-labelledby="new-entry-heading" className="section">
        <h2 id="new-entry-heading">{t("sup.dept.new")}</h2>
        <Form method="post" className="form" aria-labelledby="new-entry-heading">
          <CsrfInput />
          <FormError error={errors._form} />
          <SupportEntryFields values={values} errorFor={errorFor} idPrefix="new" />
          <SelectField name="communeId" fieldId="new-commune" label={t("sup.field.commune")} defaultValue={values.communeId ?? ""} error={errorFor("communeId")} emptyLabel="" required options={choices.communes.map((c) => ({ value: String(c.id), label: c.nameVi }))} />
          <SelectField name="beneficiary" fieldId="new-beneficiary" label={t("sup.field.beneficiary")} defaultValue={values.beneficiary ?? "cooperative"} error={errorFor("beneficiary")} options={supportBeneficiaries.map((b) => ({ value: b, label: t(`sup.beneficiary.${b}` as MessageKey) }))} />
          <SelectField name="organisationId" fieldId="new-cooperative" label={t("sup.field.cooperative")} defaultValue={values.organisationId ?? ""} error={errorFor("organisationId")} emptyLabel="" required options={choices.cooperatives.map((c) => ({ value: c.id, label: c.name }))} />
          <TextAreaField name="householdCodes" fieldId="new-households" label={t("sup.field.householdCodes")} hint={t("sup.field.householdCodesHint")} defaultValue={values.householdCodes ?? ""} error={errorFor("householdCodes")} rows={2} />
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" name="revolving" defaultChecked={values.revolving === "on"} /> {t("sup.field.revolving")}
            </label>
          </div>
          <button type="submit" className="button">
            {t("sup.dept.record")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
