import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { inviteStaff } from "~/identity/invitations.server";
import { CSRF_ERROR_KEY, readFormWithCsrf, requireMembership, requireUser } from "~/identity/request.server";
import { cooperativeRoles, invitableRoles, isAdmin, landingPath } from "~/identity/roles";
import { localized, translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requireUser(args);
  // Only cooperatives have a workspace: anyone else is taken where their work is (an officer: the department).
  const home = landingPath(viewer.memberships);
  if (home !== "/workspace" && home !== "/account") throw redirect(home);
  return {
    organisations: viewer.memberships
      .filter((m) => (cooperativeRoles as readonly string[]).includes(m.role))
      .map((m) => ({ id: m.organisationId, role: m.role, ...m.organisation })),
    isAdmin: isAdmin(viewer.memberships),
    title: translate(getLocale(args.request), "auth.workspace.title"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

interface InviteReply {
  organisationId: string;
  invited: string | null;
  formError?: string;
  fieldErrors: Record<string, string>;
  values: { email: string; role: string };
}

export async function action(args: ActionFunctionArgs) {
  await requireUser(args);
  const { form, csrfOk } = await readFormWithCsrf(args);
  const organisationId = String(form.get("organisationId") ?? "");
  const values = { email: String(form.get("email") ?? "").slice(0, 300), role: String(form.get("role") ?? "") };
  const reply = (status: number, body: Omit<InviteReply, "organisationId" | "values">) =>
    data({ ...body, organisationId, values }, { status });
  if (!csrfOk) return reply(403, { invited: null, formError: CSRF_ERROR_KEY, fieldErrors: {} });
  // Only a manager of that very organisation: others get 404 (not a member) or 403 (staff).
  const { viewer } = await requireMembership(args, organisationId, ["cooperative_manager"]);
  const result = await inviteStaff(args.context.db, {
    actor: { userId: viewer.user.id, memberships: viewer.memberships },
    input: { organisationId, email: form.get("email") ?? undefined, role: form.get("role") ?? undefined },
    origin: args.context.publicUrl,
    locale: getLocale(args.request),
    logger: args.context.logger,
  });
  if (result.ok) return reply(200, { invited: values.email.trim().toLowerCase(), fieldErrors: {} });
  if (result.reason === "forbidden") throw new Response("Forbidden", { status: 403 });
  return reply(400, { invited: null, fieldErrors: result.fieldErrors });
}

export default function WorkspaceHome() {
  const { organisations, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container section">
      <h1>{t("auth.workspace.title")}</h1>
      <p className="muted">{t("auth.workspace.lead")}</p>
      {isAdmin ? (
        <p>
          <Link to="/admin/organisations">{t("auth.workspace.adminLink")}</Link>
          {" · "}
          <Link to="/admin/ocop/criteria">{t("ocopc.admin.title")}</Link>
        </p>
      ) : null}
      {organisations.length === 0 ? <p>{t("auth.workspace.none")}</p> : null}
      <div className="workspace-list" data-testid="my-organisations">
        {organisations.map((o) => {
          const mine = result?.organisationId === o.id ? result : undefined;
          return (
            <article key={o.id} className="panel workspace-card" aria-labelledby={`org-${o.id}`}>
              <h2 id={`org-${o.id}`}>{localized(locale, o.name, o.nameEn)}</h2>
              <p className="card__meta">
                {t("auth.workspace.role", { role: t(`auth.role.${o.role}`) })} · {t("auth.workspace.status", { status: t(`auth.orgStatus.${o.status}`) })}
              </p>
              {o.status === "pending" ? (
                <p className="notice notice--warn" role="status">
                  {t("auth.workspace.pendingNotice")}
                </p>
              ) : null}
              <p>
                <Link to={`/workspace/${o.slug}`} className="button button--secondary">
                  {t("auth.workspace.open")}
                </Link>
              </p>
              {o.role === "cooperative_manager" ? (
                <section aria-labelledby={`invite-${o.id}`}>
                  <h3 id={`invite-${o.id}`}>{t("auth.workspace.invite")}</h3>
                  {mine?.invited ? (
                    <p className="notice notice--ok" role="status">
                      {t("auth.workspace.invited", { email: mine.invited })}
                    </p>
                  ) : null}
                  <Form method="post" className="form auth-form" noValidate>
                    <CsrfInput />
                    <input type="hidden" name="organisationId" value={o.id} />
                    <FormError error={mine?.formError} />
                    <TextField
                      name="email"
                      fieldId={`invite-email-${o.id}`}
                      type="email"
                      label={t("auth.field.email")}
                      required
                      maxLength={254}
                      defaultValue={mine && !mine.invited ? mine.values.email : undefined}
                      error={mine?.fieldErrors.email}
                    />
                    <SelectField
                      name="role"
                      fieldId={`invite-role-${o.id}`}
                      label={t("auth.workspace.inviteRole")}
                      options={invitableRoles.map((r) => ({ value: r, label: t(`auth.role.${r}`) }))}
                      defaultValue={mine?.values.role || "cooperative_staff"}
                      error={mine?.fieldErrors.role}
                    />
                    <button type="submit" className="button">
                      {t("auth.workspace.inviteSubmit")}
                    </button>
                  </Form>
                </section>
              ) : null}
            </article>
          );
        })}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
