import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { PASSWORD_MAX } from "~/identity/schema";
import { acceptInvitation, findOpenInvitation } from "~/identity/invitations.server";
import { CSRF_ERROR_KEY, csrfTokenFor, getViewer, readFormWithCsrf, redirectWithCookie, startSession } from "~/identity/request.server";
import { localized, translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";

export async function loader(args: LoaderFunctionArgs) {
  const token = new URL(args.request.url).searchParams.get("token");
  const [invitation, viewer, csrf] = await Promise.all([
    findOpenInvitation(args.context.db, token),
    getViewer(args),
    csrfTokenFor(args, { issue: true }),
  ]);
  const body = {
    csrfToken: csrf?.token ?? null,
    token: invitation ? token : null,
    invitation: invitation
      ? { email: invitation.email, role: invitation.role, accountExists: invitation.accountExists, organisation: invitation.organisation }
      : null,
    otherAccount: viewer && invitation && viewer.user.email !== invitation.email ? viewer.user.email : null,
    title: translate(getLocale(args.request), "auth.invite.title"),
  };
  return data(body, { headers: csrf?.setCookie ? { "Set-Cookie": csrf.setCookie } : undefined });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ""} · OCOP Trace` },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function action(args: ActionFunctionArgs) {
  const { form, csrfOk } = await readFormWithCsrf(args);
  const displayName = String(form.get("displayName") ?? "").slice(0, 300);
  const reply = (status: number, body: { invalidToken: boolean; formError?: string; fieldErrors: Record<string, string>; displayName: string }) =>
    data(body, { status });
  if (!csrfOk) return reply(403, { invalidToken: false, formError: CSRF_ERROR_KEY, fieldErrors: {}, displayName });
  const token = form.get("token");
  const viewer = await getViewer(args);
  const invitation = await findOpenInvitation(args.context.db, token);
  if (!invitation) return reply(400, { invalidToken: true, fieldErrors: {}, displayName });
  // Accepting while signed in as someone else would hand this session the wrong person's roles.
  if (viewer && viewer.user.email !== invitation.email) {
    return reply(409, { invalidToken: false, formError: "auth.invite.otherAccount", fieldErrors: {}, displayName });
  }
  const result = await acceptInvitation(args.context.db, {
    token: token ?? undefined,
    displayName: displayName || undefined,
    password: form.get("password") ?? undefined,
  });
  if (!result.ok) {
    if (result.reason === "token_invalid") return reply(400, { invalidToken: true, fieldErrors: {}, displayName });
    return reply(400, { invalidToken: false, fieldErrors: result.fieldErrors, displayName });
  }
  return redirectWithCookie("/workspace", await startSession(args, result.userId));
}

export default function AcceptInvitation() {
  const { token, invitation, otherAccount } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errors = result?.fieldErrors ?? {};
  if (!token || !invitation || result?.invalidToken) {
    return (
      <div className="container section auth-page">
        <h1>{t("auth.invite.title")}</h1>
        <p className="notice notice--danger" role="alert">
          {t("auth.invite.invalid")}
        </p>
      </div>
    );
  }
  return (
    <div className="container section auth-page">
      <h1>{t("auth.invite.title")}</h1>
      <p>
        {t("auth.invite.lead", {
          organisation: localized(locale, invitation.organisation.name, invitation.organisation.nameEn),
          role: t(`auth.role.${invitation.role}`),
        })}
      </p>
      <p className="muted">{t("auth.invite.forEmail", { email: invitation.email })}</p>
      {otherAccount ? (
        <p className="notice notice--warn" role="alert">
          {t("auth.invite.otherAccount", { email: otherAccount })}
        </p>
      ) : (
        <Form method="post" action={`/invitations/accept?token=${encodeURIComponent(token)}`} className="form auth-form" noValidate>
          <CsrfInput />
          <input type="hidden" name="token" value={token} />
          <FormError error={result?.formError} />
          <p>{t(invitation.accountExists ? "auth.invite.existingAccount" : "auth.invite.newAccount")}</p>
          {invitation.accountExists ? null : (
            <TextField
              name="displayName"
              label={t("auth.field.displayName")}
              autoComplete="name"
              required
              maxLength={100}
              defaultValue={result?.displayName}
              error={errors.displayName}
            />
          )}
          <TextField
            name="password"
            type="password"
            label={t("auth.field.password")}
            autoComplete={invitation.accountExists ? "current-password" : "new-password"}
            required
            maxLength={PASSWORD_MAX}
            hint={invitation.accountExists ? undefined : t("auth.field.passwordHint")}
            error={errors.password}
          />
          <button type="submit" className="button">
            {t("auth.invite.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
