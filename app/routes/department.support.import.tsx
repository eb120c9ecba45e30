import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { ImportRowsTable } from "~/components/households/ImportRowsTable";
import { MAX_IMPORT_BYTES } from "~/households/import-columns";
import { CSRF_ERROR_KEY, requireCsrf, verifyCsrf } from "~/identity/request.server";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-t";
import { vietnamToday } from "~/lib/vietnam-time";
import { parseUploadForm } from "~/storage/upload-form.server";
import { requireSupportOfficer } from "~/support/access.server";
import { supportImportColumns } from "~/support/import-rows";
import { commitSupportImport, previewSupportImport } from "~/support/import.server";

export async function loader(args: LoaderFunctionArgs) {
  await requireSupportOfficer(args);
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireSupportOfficer(args);
  const db = args.context.db;
  const today = vietnamToday();
  if (/^multipart\/form-data/i.test(args.request.headers.get("Content-Type") ?? "")) {
    const parsed = await parseUploadForm(args.request, { maxFileBytes: MAX_IMPORT_BYTES, maxFiles: 1, maxTotalBytes: MAX_IMPORT_BYTES + 64 * 1024 });
    if (!parsed.ok) {
      // Not read in full: its CSRF token cannot be trusted, so nothing is done with it.
      const key: MessageKey = parsed.problem === "not_multipart" ? "hh.import.error.noFile" : "hh.import.error.tooLarge";
      return { stage: "error" as const, key, vars: {} };
    }
    if (!(await verifyCsrf(args, parsed.fields))) throw Response.json({ messageKey: CSRF_ERROR_KEY }, { status: 403, statusText: "Forbidden" });
    const file = parsed.files.get("file")?.[0];
    const preview = await previewSupportImport(db, actor, file ? { name: file.declaredName, bytes: file.bytes } : null, { today });
    if (!preview.ok) return { stage: "error" as const, key: preview.key, vars: preview.vars ?? {} };
    return { stage: "preview" as const, ...preview };
  }
  const form = await requireCsrf(args);
  const sha256 = form.get("sha256");
  if (form.get("intent") !== "commit" || typeof sha256 !== "string") throw new Response("Bad Request", { status: 400 });
  const result = await commitSupportImport(db, actor, sha256, { today });
  if (!result.ok) return { stage: "refused" as const, key: result.key, vars: result.vars ?? {}, rows: result.rows ?? [] };
  return redirect(`/department/support/import?created=${result.created}`);
}

export const meta: MetaFunction = () => [{ title: "Nhập danh sách hỗ trợ · OCOP Trace" }, { name: "robots", content: "noindex" }];

export default function SupportImport() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const created = params.get("created");
  return (
    <div className="container">
      <p>
        <Link to="/department/support">{t("sup.dept.back")}</Link>
      </p>
      <h1>{t("sup.import.title")}</h1>
      <p>{t("sup.import.intro")}</p>
      {created !== null ? (
        <p className="notice notice--ok" role="status" data-testid="import-done">
          {t("sup.import.done", { count: Number(created) })} <Link to="/department/support">{t("sup.dept.ledger")}</Link>
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="form" aria-label={t("hh.import.preview")}>
        <CsrfInput />
        <div className="field">
          <label htmlFor="import-file" className="field__label">
            {t("hh.import.file")}
          </label>
          <input id="import-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
        </div>
        <button type="submit" className="button">
          {t("hh.import.preview")}
        </button>
      </Form>
      <p className="muted">{t("hh.import.columns", { columns: supportImportColumns.map((c) => c.headings[0]).join(" · ") })}</p>

      {data?.stage === "error" || data?.stage === "refused" ? (
        <p className="notice notice--error" role="alert" data-testid="import-error">
          {t(data.key, data.vars)}
        </p>
      ) : null}
      {data?.stage === "refused" && data.rows.length > 0 ? <ImportRowsTable columns={supportImportColumns} rows={data.rows} /> : null}
      {data?.stage === "preview" ? (
        <>
          <h2>{data.fileName}</h2>
          <p role="status" data-testid="import-summary">
            {t("hh.import.summary", { total: data.rows.length, valid: data.valid, invalid: data.invalid })}{" "}
            {t("hh.import.encoding", { encoding: data.encoding.toUpperCase() })}
          </p>
          <ImportRowsTable columns={supportImportColumns} rows={data.rows} />
          {data.invalid > 0 ? (
            <p className="notice notice--warn" role="alert">
              {t("hh.import.fixFirst")}
            </p>
          ) : (
            <Form method="post" className="form form--inline">
              <CsrfInput />
              <input type="hidden" name="intent" value="commit" />
              <input type="hidden" name="sha256" value={data.sha256} />
              <button type="submit" className="button">
                {t("hh.import.commit", { count: data.rows.length })}
              </button>
            </Form>
          )}
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
