import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { SelectField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { ImportRowsTable } from "~/components/households/ImportRowsTable";
import { householdActor, logPersonalDataView, requireHouseholdManager } from "~/households/access.server";
import { importColumns, importKinds, MAX_IMPORT_BYTES } from "~/households/import-columns";
import { commitImport, previewImport } from "~/households/import.server";
import { CSRF_ERROR_KEY, requireCsrf, verifyCsrf } from "~/identity/request.server";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-t";
import { vietnamToday } from "~/lib/vietnam-time";
import { parseUploadForm } from "~/storage/upload-form.server";

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireHouseholdManager(args);
  return { slug: access.organisation.slug };
}

export async function action(args: ActionFunctionArgs) {
  const access = await requireHouseholdManager(args);
  const db = args.context.db;
  const actor = householdActor(access);
  const today = vietnamToday();
  const multipart = /^multipart\/form-data/i.test(args.request.headers.get("Content-Type") ?? "");

  if (multipart) {
    const parsed = await parseUploadForm(args.request, { maxFileBytes: MAX_IMPORT_BYTES, maxFiles: 1, maxTotalBytes: MAX_IMPORT_BYTES + 64 * 1024 });
    if (!parsed.ok) {
      // Not read in full: its CSRF token cannot be trusted, so nothing is done with it.
      const key: MessageKey = parsed.problem === "not_multipart" ? "hh.import.error.noFile" : "hh.import.error.tooLarge";
      return { stage: "error" as const, key, vars: {} };
    }
    if (!(await verifyCsrf(args, parsed.fields))) throw Response.json({ messageKey: CSRF_ERROR_KEY }, { status: 403, statusText: "Forbidden" });
    const file = parsed.files.get("file")?.[0];
    const preview = await previewImport(db, actor, { kind: parsed.fields.get("kind") }, file ? { name: file.declaredName, bytes: file.bytes } : null, { today });
    if (!preview.ok) return { stage: "error" as const, key: preview.key ?? "hh.import.error.unreadable", vars: preview.vars ?? {}, kind: preview.kind };
    // The preview shows names and codes of the cooperative's households: a view of personal data.
    await logPersonalDataView(db, access, { entityType: "household_import", entityId: preview.sha256, detail: { kind: preview.kind, rows: preview.rows.length } });
    return { stage: "preview" as const, ...preview };
  }

  const form = await requireCsrf(args);
  const sha256 = form.get("sha256");
  const result = await commitImport(db, actor, { intent: form.get("intent"), kind: form.get("kind"), sha256 }, { today });
  if (!result.ok) {
    // Only a forged confirmation lacks a kind of list and a content address.
    if (result.reason === "invalid_input" || result.kind === undefined) throw new Response("Bad Request", { status: 400 });
    // The refused rows show names and codes again (the command accepted sha256 as a content address).
    if (result.rows) await logPersonalDataView(db, access, { entityType: "household_import", entityId: String(sha256), detail: { kind: result.kind, refused: true } });
    return { stage: "refused" as const, key: result.key ?? "hh.import.error.changed", vars: result.vars ?? {}, kind: result.kind, rows: result.rows ?? [] };
  }
  const done = new URLSearchParams({ kind: result.kind, created: String(result.created), updated: String(result.updated), unchanged: String(result.unchanged) });
  return redirect(`/workspace/${access.organisation.slug}/households/import?${done}`);
}

export default function ImportPage() {
  const { slug } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const kind = (data && "kind" in data && data.kind) || params.get("kind") || "households";
  const created = params.get("created");
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">{t("hh.import.title")}</h2>
      <p>{t("hh.import.intro")}</p>
      {created !== null ? (
        <p className="notice notice--ok" role="status" data-testid="import-done">
          {t("hh.import.done", { created: Number(created), updated: Number(params.get("updated") ?? 0), unchanged: Number(params.get("unchanged") ?? 0) })}{" "}
          <Link to={`/workspace/${slug}/households`}>{t("hh.title")}</Link>
        </p>
      ) : null}

      <Form method="post" encType="multipart/form-data" className="form" aria-label={t("hh.import.preview")}>
        <CsrfInput />
        <SelectField
          name="kind"
          fieldId="import-kind"
          label={t("hh.import.kind")}
          defaultValue={kind}
          options={importKinds.map((k) => ({ value: k, label: t(`hh.import.kind.${k}`) }))}
        />
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

      <details>
        <summary>{t("hh.import.columns", { columns: "" })}</summary>
        <dl className="facts">
          {importKinds.map((k) => (
            <div key={k}>
              <dt>{t(`hh.import.kind.${k}`)}</dt>
              <dd>{importColumns[k].map((c) => c.headings[0]).join(" · ")}</dd>
            </div>
          ))}
        </dl>
      </details>

      {data?.stage === "error" || data?.stage === "refused" ? (
        <p className="notice notice--error" role="alert" data-testid="import-error">
          {t(data.key, data.vars)}
        </p>
      ) : null}
      {data?.stage === "refused" && data.rows.length > 0 ? <ImportRowsTable columns={importColumns[data.kind]} rows={data.rows} /> : null}

      {data?.stage === "preview" ? (
        <>
          <h3>{data.fileName}</h3>
          <p role="status" data-testid="import-summary">
            {t("hh.import.summary", { total: data.rows.length, valid: data.valid, invalid: data.invalid })}{" "}
            {t("hh.import.encoding", { encoding: data.encoding.toUpperCase() })}
          </p>
          <ImportRowsTable columns={importColumns[data.kind]} rows={data.rows} />
          {data.invalid > 0 ? (
            <p className="notice notice--warn" role="alert">
              {t("hh.import.fixFirst")}
            </p>
          ) : (
            <Form method="post" className="form form--inline">
              <CsrfInput />
              <input type="hidden" name="intent" value="commit" />
              <input type="hidden" name="kind" value={data.kind} />
              <input type="hidden" name="sha256" value={data.sha256} />
              <button type="submit" className="button">
                {t("hh.import.commit", { count: data.rows.length })}
              </button>
            </Form>
          )}
        </>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
