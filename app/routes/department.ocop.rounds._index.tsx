import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { TableWrap } from "~/components/TableWrap";
import { CSRF_ERROR_KEY, readFormWithCsrf, requireUser, type RequestArgs } from "~/identity/request.server";
import { formatDate } from "~/lib/format";
import { useLocale, useT } from "~/lib/use-t";
import { vietnamToday } from "~/lib/vietnam-time";
import { createRound, listRounds, officerDepartmentId } from "~/ocop/council.server";

/** The department's officers run the evaluation rounds. */
async function requireOfficer(args: RequestArgs) {
  const viewer = await requireUser(args);
  const departmentId = officerDepartmentId(viewer);
  if (!departmentId) throw new Response("Forbidden", { status: 403 });
  return { viewer, departmentId };
}

export async function loader(args: LoaderFunctionArgs) {
  const { departmentId } = await requireOfficer(args);
  return { rounds: await listRounds(args.context.db, departmentId), year: vietnamToday().slice(0, 4) };
}

export async function action(args: ActionFunctionArgs) {
  const { viewer } = await requireOfficer(args);
  const { form, csrfOk } = await readFormWithCsrf(args);
  const values = { name: String(form.get("name") ?? ""), year: String(form.get("year") ?? ""), meetingOn: String(form.get("meetingOn") ?? "") };
  if (!csrfOk) return data({ errors: { _form: CSRF_ERROR_KEY } as Record<string, string>, values }, { status: 403 });
  const result = await createRound(args.context.db, { actor: { userId: viewer.user.id, memberships: viewer.memberships }, input: values });
  if (result.ok) return redirect(`/department/ocop/rounds/${result.roundId}`, 303);
  if (result.reason === "forbidden") throw new Response("Forbidden", { status: 403 });
  return data({ errors: result.fieldErrors ?? { _form: "council.refusal.invalid_input" }, values }, { status: 400 });
}

export const meta: MetaFunction = () => [{ title: "Đợt đánh giá OCOP · OCOP Trace" }, { name: "robots", content: "noindex" }];

export default function OcopRounds() {
  const { rounds, year } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errors = reply?.errors ?? {};
  return (
    <div className="container section">
      <h1>{t("council.rounds.title")}</h1>
      <p>{t("council.rounds.lead")}</p>
      <p>
        <Link to="/department">{t("ins.nav.department")}</Link>
      </p>
      {rounds.length === 0 ? (
        <p>{t("council.rounds.none")}</p>
      ) : (
        <TableWrap label={t("council.rounds.title")}>
          <table className="table" data-testid="ocop-rounds">
            <thead>
              <tr>
                <th scope="col">{t("council.col.round")}</th>
                <th scope="col">{t("council.col.status")}</th>
                <th scope="col">{t("council.field.meetingOn")}</th>
                <th scope="col">{t("council.col.members")}</th>
                <th scope="col">{t("council.col.applications")}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/department/ocop/rounds/${r.id}`}>{r.name}</Link>
                  </th>
                  <td>{t(`council.roundStatus.${r.status}`)}</td>
                  <td>{r.meetingOn ? formatDate(r.meetingOn, locale) : "—"}</td>
                  <td>{r.members}</td>
                  <td>{r.applications}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <section aria-labelledby="new-round" className="section">
        <h2 id="new-round">{t("council.rounds.create")}</h2>
        <Form method="post" className="form auth-form" aria-labelledby="new-round" noValidate>
          <CsrfInput />
          <FormError error={errors._form} />
          <TextField name="name" label={t("council.field.name")} required maxLength={200} defaultValue={reply?.values.name} error={errors.name} />
          <TextField name="year" label={t("council.field.year")} required inputMode="numeric" maxLength={4} defaultValue={reply?.values.year ?? year} error={errors.year} />
          <TextField name="meetingOn" type="date" label={t("council.field.meetingOn")} defaultValue={reply?.values.meetingOn} error={errors.meetingOn} />
          <button type="submit" className="button">
            {t("council.rounds.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
