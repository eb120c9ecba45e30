import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { TableWrap } from "~/components/TableWrap";
import { appointCommuneOfficer, appointingDepartmentId, listCommuneOfficers, withdrawCommuneOfficer } from "~/identity/commune-officers.server";
import { CSRF_ERROR_KEY, readFormWithCsrf, requireUser, type RequestArgs } from "~/identity/request.server";
import { DEFAULT_PROVINCE } from "~/insights/filters";
import { formatDate } from "~/lib/format";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { ledgerChoices } from "~/support/ledger.server";

/** The department's own officers only: they appoint the commune officers who record support in one commune. */
async function requireAppointingOfficer(args: RequestArgs) {
  const viewer = await requireUser(args);
  const departmentId = appointingDepartmentId({ memberships: viewer.memberships });
  if (!departmentId) throw new Response("Forbidden", { status: 403 });
  return { viewer, departmentId };
}

export async function loader(args: LoaderFunctionArgs) {
  const { departmentId } = await requireAppointingOfficer(args);
  const [{ officers, pending }, { communes }] = await Promise.all([listCommuneOfficers(args.context.db, departmentId), ledgerChoices(args.context.db, DEFAULT_PROVINCE)]);
  return { officers, pending, communes };
}

export async function action(args: ActionFunctionArgs) {
  const { viewer, departmentId } = await requireAppointingOfficer(args);
  const { form, csrfOk } = await readFormWithCsrf(args);
  const values = { email: String(form.get("email") ?? "").slice(0, 300), communeId: String(form.get("communeId") ?? "") };
  if (!csrfOk) return data({ intent: "appoint", done: null, errors: { _form: CSRF_ERROR_KEY } as Record<string, string>, values }, { status: 403 });
  const actor = { userId: viewer.user.id, memberships: viewer.memberships };
  if (form.get("intent") === "withdraw") {
    const result = await withdrawCommuneOfficer(args.context.db, { actor, departmentId, membershipId: form.get("membershipId") });
    if (!result.ok) return data({ intent: "withdraw", done: null, errors: result.fieldErrors ?? { _form: "sup.officers.error.notFound" }, values }, { status: 404 });
    return { intent: "withdraw", done: "withdrawn", errors: {} as Record<string, string>, values };
  }
  const result = await appointCommuneOfficer(args.context.db, { actor, departmentId, input: values, origin: args.context.publicUrl, locale: getLocale(args.request) });
  if (result.ok) return { intent: "appoint", done: values.email.trim().toLowerCase(), errors: {} as Record<string, string>, values };
  if (result.reason === "forbidden") throw new Response("Forbidden", { status: 403 });
  return data({ intent: "appoint", done: null, errors: result.fieldErrors ?? { _form: "sup.error.invalid" }, values }, { status: 400 });
}

export const meta: MetaFunction = () => [{ title: "Cán bộ xã · OCOP Trace" }, { name: "robots", content: "noindex" }];

export default function DepartmentOfficers() {
  const { officers, pending, communes } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errors = reply?.intent === "appoint" ? reply.errors : {};
  return (
    <div className="container section">
      <h1>{t("sup.officers.title")}</h1>
      <p>{t("sup.officers.lead")}</p>
      <p>
        <Link to="/department/support">{t("sup.dept.title")}</Link>
      </p>
      {reply?.done === "withdrawn" ? (
        <p className="notice notice--ok" role="status" data-testid="officer-withdrawn">
          {t("sup.officers.withdrawn")}
        </p>
      ) : reply?.done ? (
        <p className="notice notice--ok" role="status" data-testid="officer-invited">
          {t("sup.officers.invited", { email: reply.done })}
        </p>
      ) : null}
      {reply?.intent === "withdraw" && reply.errors._form ? <FormError error={reply.errors._form} /> : null}

      <section aria-labelledby="officers-heading" className="section">
        <h2 id="officers-heading">{t("sup.officers.current")}</h2>
        {officers.length === 0 ? (
          <p>{t("sup.officers.none")}</p>
        ) : (
          <TableWrap label={t("sup.officers.current")}>
            <table className="table" data-testid="commune-officers">
              <thead>
                <tr>
                  <th scope="col">{t("sup.officers.person")}</th>
                  <th scope="col">{t("sup.field.commune")}</th>
                  <th scope="col">{t("sup.officers.since")}</th>
                  <th scope="col">{t("sup.officers.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {officers.map((o) => (
                  <tr key={o.membershipId} data-officer={o.email}>
                    <th scope="row">
                      {o.displayName} ({o.email})
                    </th>
                    <td>{o.communeName}</td>
                    <td>{formatDate(o.since.slice(0, 10), locale)}</td>
                    <td>
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="withdraw" />
                        <input type="hidden" name="membershipId" value={o.membershipId} />
                        <button type="submit" className="button button--secondary" aria-label={t("sup.officers.withdrawOf", { email: o.email })}>
                          {t("sup.officers.withdraw")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {pending.length > 0 ? (
          <>
            <h3>{t("sup.officers.pending")}</h3>
            <ul data-testid="pending-officers">
              {pending.map((p) => (
                <li key={p.invitationId}>{t("sup.officers.pendingItem", { email: p.email, commune: p.communeName, date: formatDate(p.expiresAt.slice(0, 10), locale) })}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="appoint-heading" className="section">
        <h2 id="appoint-heading">{t("sup.officers.appoint")}</h2>
        <Form method="post" className="form auth-form" aria-labelledby="appoint-heading" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="appoint" />
          <FormError error={errors._form} />
          <TextField name="email" fieldId="officer-email" type="email" label={t("auth.field.email")} required maxLength={254} defaultValue={reply?.intent === "appoint" && !reply.done ? reply.values.email : undefined} error={errors.email} />
          <SelectField
            name="communeId"
            fieldId="officer-commune"
            label={t("sup.field.commune")}
            emptyLabel=""
            required
            defaultValue={reply?.intent === "appoint" && !reply.done ? reply.values.communeId : ""}
            error={errors.communeId}
            options={communes.map((c) => ({ value: String(c.id), label: c.nameVi }))}
          />
          <button type="submit" className="button">
            {t("sup.officers.send")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
