import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { householdActor, logPersonalDataView, requireHouseholdManager, requireHouseholdManagerAction } from "~/households/access.server";
import { ethnicGroup } from "~/households/ethnic-groups";
import { getHouseholdRecord, recordStatus, recordSurvey } from "~/households/registry.server";
import { povertyStatuses } from "~/households/schema";
import { formatDate, formatNumber, formatVnd } from "~/lib/format";
import { localized, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { vietnamToday } from "~/lib/vietnam-time";
import { formObject } from "~/workspace/access.server";
import { TableWrap } from "~/components/TableWrap";

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireHouseholdManager(args);
  const record = await getHouseholdRecord(args.context.db, access.organisation.id, args.params.householdId ?? "");
  if (!record) throw new Response("Not Found", { status: 404 });
  await logPersonalDataView(args.context.db, access, { entityType: "household", entityId: record.household.id });
  const today = vietnamToday();
  return { slug: access.organisation.slug, today, currentYear: Number(today.slice(0, 4)), ...record };
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireHouseholdManagerAction(args);
  const householdId = args.params.householdId ?? "";
  const values = formObject(form);
  if (values.intent === "status") {
    const r = await recordStatus(args.context.db, householdActor(access), householdId, values);
    if (!r.ok) return { intent: "status", errors: r.fieldErrors ?? {}, values };
  } else if (values.intent === "survey") {
    const r = await recordSurvey(args.context.db, householdActor(access), householdId, values);
    if (!r.ok) return { intent: "survey", errors: r.fieldErrors ?? {}, values };
  } else {
    throw new Response("Bad Request", { status: 400 });
  }
  return redirect(`/workspace/${access.organisation.slug}/households/${householdId}?saved=1`);
}

export default function HouseholdPage() {
  const { slug, household, commune, statuses, surveys, supplies, payments, today, currentYear } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const group = ethnicGroup(household.ethnicityCode);
  const err = (intent: string, key: string) => (data?.intent === intent ? data.errors[key] : undefined);
  const val = (intent: string, key: string, fallback = "") => (data?.intent === intent ? (data.values[key] ?? fallback) : fallback);
  return (
    <section aria-labelledby="household-heading">
      <h2 id="household-heading">
        {household.code} · {household.headName}
      </h2>
      {params.get("saved") ? (
        <p className="notice notice--ok" role="status">
          {t("hh.saved")}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("hh.field.headSex")}</dt>
        <dd>{t(`hh.sex.${household.headSex}`)}</dd>
        <dt>{t("hh.field.memberCount")}</dt>
        <dd>{household.memberCount}</dd>
        <dt>{t("hh.field.ethnicity")}</dt>
        <dd>{group ? (locale === "en" ? group.nameEn : group.nameVi) : household.ethnicityCode}</dd>
        <dt>{t("hh.field.commune")}</dt>
        <dd>{[household.village, commune?.nameVi].filter(Boolean).join(", ")}</dd>
      </dl>
      <p>
        {household.leftOn
          ? t("hh.detail.membershipEnded", { from: formatDate(household.joinedOn, locale), to: formatDate(household.leftOn, locale) })
          : t("hh.detail.membership", { from: formatDate(household.joinedOn, locale) })}
      </p>
      <p>
        {household.baselineYear !== null && household.baselineIncomeVnd !== null
          ? t("hh.detail.baseline", { year: household.baselineYear, amount: formatVnd(household.baselineIncomeVnd, locale) })
          : t("hh.detail.noBaseline")}
      </p>

      <h3 id="statuses-heading">{t("hh.detail.statuses")}</h3>
      {statuses.length === 0 ? (
        <p>{t("hh.detail.none")}</p>
      ) : (
        <TableWrap label={t("hh.detail.statuses")}>
        <table className="table" data-testid="household-statuses" aria-labelledby="statuses-heading">
          <thead>
            <tr>
              <th scope="col">{t("hh.year")}</th>
              <th scope="col">{t("hh.field.status")}</th>
              <th scope="col">{t("hh.field.standard")}</th>
            </tr>
          </thead>
          <tbody>
            {statuses.map((s) => (
              <tr key={s.year}>
                <td>{s.year}</td>
                <td>{t(`hh.status.${s.status}`)}</td>
                <td>{s.standard}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableWrap>
      )}
      <Form method="post" className="form form--inline" aria-label={t("hh.detail.recordStatus")}>
        <CsrfInput />
        <input type="hidden" name="intent" value="status" />
        <FormError error={err("status", "_form")} />
        <TextField name="year" fieldId="status-year" label={t("hh.year")} defaultValue={val("status", "year", String(currentYear))} error={err("status", "year")} inputMode="numeric" />
        <SelectField
          name="status"
          fieldId="status-status"
          label={t("hh.field.status")}
          defaultValue={val("status", "status")}
          error={err("status", "status")}
          options={povertyStatuses.map((s) => ({ value: s, label: t(`hh.status.${s}`) }))}
        />
        <button type="submit" className="button">
          {t("hh.detail.recordStatus")}
        </button>
      </Form>

      <h3 id="surveys-heading">{t("hh.detail.surveys")}</h3>
      {surveys.length === 0 ? (
        <p>{t("hh.detail.none")}</p>
      ) : (
        <TableWrap label={t("hh.detail.surveys")}>
        <table className="table" data-testid="household-surveys" aria-labelledby="surveys-heading">
          <thead>
            <tr>
              <th scope="col">{t("hh.year")}</th>
              <th scope="col">{t("hh.field.income")}</th>
              <th scope="col">{t("hh.field.memberCount")}</th>
              <th scope="col">{t("hh.field.surveyedOn")}</th>
            </tr>
          </thead>
          <tbody>
            {surveys.map((s) => (
              <tr key={s.year}>
                <td>{s.year}</td>
                <td>{formatVnd(s.incomePerPersonVnd, locale)}</td>
                <td>{s.memberCount}</td>
                <td>{formatDate(s.surveyedOn, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableWrap>
      )}
      <Form method="post" className="form form--inline" aria-label={t("hh.detail.recordSurvey")}>
        <CsrfInput />
        <input type="hidden" name="intent" value="survey" />
        <FormError error={err("survey", "_form")} />
        <TextField name="year" fieldId="survey-year" label={t("hh.year")} defaultValue={val("survey", "year", String(currentYear))} error={err("survey", "year")} inputMode="numeric" />
        <TextField name="incomePerPersonVnd" label={t("hh.field.income")} defaultValue={val("survey", "incomePerPersonVnd")} error={err("survey", "incomePerPersonVnd")} inputMode="numeric" />
        <TextField
          name="memberCount"
          fieldId="survey-members"
          label={t("hh.field.memberCount")}
          defaultValue={val("survey", "memberCount", String(household.memberCount))}
          error={err("survey", "memberCount")}
          inputMode="numeric"
        />
        <TextField name="surveyedOn" type="date" max={today} label={t("hh.field.surveyedOn")} defaultValue={val("survey", "surveyedOn", today)} error={err("survey", "surveyedOn")} />
        <button type="submit" className="button">
          {t("hh.detail.recordSurvey")}
        </button>
      </Form>

      <h3 id="deliveries-heading">{t("hh.detail.deliveries")}</h3>
      <p>
        <Link to={`/workspace/${slug}/households/supplies?household=${household.id}`}>{t("hh.supplies.recordSupply")}</Link> ·{" "}
        <Link to={`/workspace/${slug}/households/supplies?household=${household.id}#payment-heading`}>{t("hh.supplies.recordPayment")}</Link> ·{" "}
        <Link to={`/workspace/${slug}/households/income?year=${currentYear}`}>{t("hh.income")}</Link>
      </p>
      {supplies.length === 0 ? (
        <p>{t("hh.detail.none")}</p>
      ) : (
        <TableWrap label={t("hh.detail.deliveries")}>
        <table className="table" data-testid="household-supplies" aria-labelledby="deliveries-heading">
          <thead>
            <tr>
              <th scope="col">{t("hh.field.reference")}</th>
              <th scope="col">{t("hh.field.suppliedOn")}</th>
              <th scope="col">{t("hh.field.product")}</th>
              <th scope="col">{t("hh.field.quantity")}</th>
              <th scope="col">{t("hh.field.pricePaid")}</th>
            </tr>
          </thead>
          <tbody>
            {supplies.map((s) => (
              <tr key={s.id}>
                <td>{s.reference}</td>
                <td>{formatDate(s.suppliedOn, locale)}</td>
                <td>{`${localized(locale, s.productNameVi, s.productNameEn)} · ${s.lotCode}`}</td>
                <td>{`${formatNumber(s.quantity, locale)} ${t(`hh.uom.${s.uom}` as MessageKey)}`}</td>
                <td>{formatVnd(s.pricePaidVnd, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableWrap>
      )}

      <h3 id="payments-heading">{t("hh.detail.payments")}</h3>
      {payments.length === 0 ? (
        <p>{t("hh.detail.none")}</p>
      ) : (
        <TableWrap label={t("hh.detail.payments")}>
        <table className="table" data-testid="household-payments" aria-labelledby="payments-heading">
          <thead>
            <tr>
              <th scope="col">{t("hh.field.reference")}</th>
              <th scope="col">{t("hh.field.paidOn")}</th>
              <th scope="col">{t("hh.field.kind")}</th>
              <th scope="col">{t("hh.field.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {payments.map((p) => (
              <tr key={p.id}>
                <td>{p.reference}</td>
                <td>{formatDate(p.paidOn, locale)}</td>
                <td>{t(`hh.kind.${p.kind}`)}</td>
                <td>{formatVnd(p.amountVnd, locale)}</td>
              </tr>
            ))}
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
