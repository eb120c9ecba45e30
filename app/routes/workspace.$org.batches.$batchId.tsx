import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextAreaField, TextField } from "~/components/form/fields";
import { useLiveValidation } from "~/components/form/live-validation";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDate, formatDateTime, formatNumber } from "~/lib/format";
import { localized, messages, type MessageKey } from "~/lib/i18n";
import { displayDetail, type DetailDisplay } from "~/trace/detail-display";
import { useLocale, useT } from "~/lib/use-t";
import { getOrganisationBatch } from "~/trace/batches.server";
import { verifyBatchChain } from "~/trace/events.server";
import { listInputCandidates, recordProcessing, recordStep } from "~/trace/record.server";
import { listFlaggedSerials } from "~/trace/scans.server";
import { LotCounterfeitReports } from "~/components/supervision/LotCounterfeitReports";
import { loadLotCounterfeitReports } from "~/supervision/case-view.server";
import { stepFormDefaults, type StepFormDefaults } from "~/trace/form-defaults";
import { readLastUsedLocations } from "~/trace/form-defaults.server";
import { UomField } from "~/components/workspace/UomField";
import {
  instantToVietnamLocal,
  MAX_PROCESSING_INPUTS,
  processingFormFromFormData,
  processingFormSchema,
  stepFormSchema,
} from "~/trace/schema";
import { stepKindOf, stepKinds, steps, type StepKind } from "~/trace/steps";
import { listCommunesOfOrganisationProvince } from "~/workspace/places.server";
import { uploadUrl } from "~/storage/storage.server";
import { actorOf, formObject, requireWorkspace, requireWorkspaceUpload } from "~/workspace/access.server";

const batchIdParam = z.guid();
const PROCESSING_ROWS = 4;

export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireWorkspace(args);
  const id = batchIdParam.safeParse(args.params.batchId);
  const db = args.context.db;
  const found = id.success ? await getOrganisationBatch(db, organisation.id, id.data) : null;
  if (!found) throw new Response("Not Found", { status: 404 });
  const [chain, candidates, communes, flaggedSerials, lastPlaces, counterfeitReports] = await Promise.all([
    verifyBatchChain(db, found.batch.id),
    listInputCandidates(db, organisation.id, found.batch.id),
    listCommunesOfOrganisationProvince(db, organisation.id),
    listFlaggedSerials(db, found.batch.id),
    readLastUsedLocations(db, organisation.id, found.batch.id),
    loadLotCounterfeitReports(db, found.batch.id, { organisationId: organisation.id }),
  ]);
  const now = new Date();
  const communeName = new Map(communes.map((c) => [c.id, c.nameVi]));
  return {
    slug: organisation.slug,
    counterfeitReports,
    batch: found.batch,
    productNameVi: found.productNameVi,
    productNameEn: found.productNameEn,
    productUnit: { unitVi: found.productUnitVi, unitEn: found.productUnitEn },
    events: found.events.map((e) => ({
      id: e.id,
      sequence: e.sequence,
      eventType: e.eventType,
      bizStep: e.bizStep,
      step: stepKindOf(e.bizStep),
      eventTime: e.eventTime.toISOString(),
      recordedAt: e.recordedAt.toISOString(),
      place: [e.locationName, e.communeId ? communeName.get(e.communeId) : null].filter(Boolean).join(", "),
      quantity: e.quantity,
      uom: e.uom,
      details: e.details,
      correctsEventId: e.correctsEventId,
      hash: e.hash,
      disposition: e.disposition,
      attachment: attachmentOf(e.details),
    })),
    inputs: found.inputs,
    outputs: found.outputs,
    chain,
    candidates,
    communes,
    flaggedSerials,
    now: instantToVietnamLocal(now),
    stepDefaults: stepFormDefaults({ now, lotUom: found.batch.uom, ...lastPlaces }),
  };
}

export async function action(args: ActionFunctionArgs) {
  // The step form may carry a lab report or photo; the processing form is plain.
  const { access, form, upload, uploadError } = await requireWorkspaceUpload(args, "attachment", "document");
  const id = batchIdParam.safeParse(args.params.batchId);
  if (!id.success) throw new Response("Not Found", { status: 404 });
  if (uploadError) return { intent: "step", errors: { attachment: uploadError }, values: formObject(form) };
  const db = args.context.db;
  const actor = actorOf(access);
  const organisationId = access.organisation.id;
  const now = new Date();
  const intent = form.get("intent");
  const result =
    intent === "processing"
      ? await recordProcessing(db, actor, { organisationId, outputBatchId: id.data, form: processingFormFromFormData(form), now })
      : await recordStep(db, actor, {
          organisationId,
          batchId: id.data,
          form: formObject(form),
          attachment: upload,
          attachmentPublic: form.get("attachmentPublic") === "on",
          now,
        });
  if (!result.ok) return { intent: intent === "processing" ? "processing" : "step", errors: result.fieldErrors, values: formObject(form) };
  return redirect(`/workspace/${access.organisation.slug}/batches/${id.data}?recorded=${result.event.sequence}#timeline`);
}

/** Server-only: the attachment's public address (storage helpers never reach the browser bundle). */
function attachmentOf(details: Record<string, unknown>): { url: string; name: string } | null {
  const a = details.attachment as { key?: unknown; name?: unknown } | undefined;
  return a && typeof a.key === "string" && typeof a.name === "string" ? { url: uploadUrl(a.key), name: a.name } : null;
}

/** One recorded value, shown in the reader's words: lists as lists, dates as dates, yes/no and results translated. */
function DetailValue({ display }: { display: DetailDisplay }) {
  const t = useT();
  const locale = useLocale();
  switch (display.kind) {
    case "list":
      return (
        <ul className="detail-list">
          {display.items.map((item, i) => (
            <li key={i}>
              <DetailValue display={item} />
            </li>
          ))}
        </ul>
      );
    case "date":
      return <>{formatDate(display.iso, locale)}</>;
    case "datetime":
      return <>{formatDateTime(display.iso, locale)}</>;
    case "number":
      return <>{formatNumber(display.value, locale)}</>;
    case "yesno":
      return <>{t(display.value ? "detail.yes" : "detail.no")}</>;
    case "result":
      return <>{t(`detail.result.${display.value}`)}</>;
    case "text":
      return <>{display.text}</>;
  }
}

export default function BatchRoute() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const { batch } = data;
  const base = `/workspace/${data.slug}/batches/${batch.id}`;
  const chosen = stepKinds.find((k) => k === params.get("step")) ?? (actionData?.intent === "step" ? stepKinds.find((k) => k === actionData.values.step) : undefined);
  const sequenceOf = new Map(data.events.map((e) => [e.id, e.sequence]));
  return (
    <article aria-labelledby="batch-heading">
      <p className="breadcrumb">
        <Link to={`/workspace/${data.slug}/batches`}>{t("ws.batches.title")}</Link>
      </p>
      <h2 id="batch-heading">
        <span className="mono">{batch.lotCode}</span> · {localized(locale, data.productNameVi, data.productNameEn)}
      </h2>
      <dl className="facts">
        <dt>{t("batch.quantity")}</dt>
        <dd>
          {formatNumber(batch.quantity, locale)} {t(`uom.${batch.uom}` as MessageKey)}
        </dd>
        <dt>{t("batch.produced")}</dt>
        <dd>{formatDate(batch.producedOn, locale)}</dd>
        {batch.bestBefore ? (
          <>
            <dt>{t("batch.bestBefore")}</dt>
            <dd>{formatDate(batch.bestBefore, locale)}</dd>
          </>
        ) : null}
        {batch.expiresOn ? (
          <>
            <dt>{t("batch.expiresOn")}</dt>
            <dd data-testid="lot-expires-on">{formatDate(batch.expiresOn, locale)}</dd>
          </>
        ) : null}
        <dt>{t("batch.status")}</dt>
        <dd>
          <span className={`status status--${batch.status}`}>{t(`batch.status.${batch.status}`)}</span>
        </dd>
      </dl>

      <p>
        <Link to={`${base}/labels`} data-testid="labels-link">
          {t("labels.open")}
        </Link>
        {" · "}
        <Link to={`${base}/recall`} data-testid="recall-link">
          {t("recall.open.link")}
        </Link>
      </p>
      <p>
        <Link to={`${base}/trace`} data-testid="trace-link">
          {t("lineage.link")}
        </Link>
      </p>
      {data.flaggedSerials.length > 0 ? (
        <p className="notice notice--warn" role="alert" data-testid="scan-flags">
          {t("labels.flagged")}:{" "}
          {data.flaggedSerials.map((f) => t("labels.flaggedItem", { serial: f.serial, count: f.scans, provinces: f.provinces })).join("; ")}
        </p>
      ) : null}
      <LotCounterfeitReports reports={data.counterfeitReports} casesBase={`/workspace/${data.slug}/cases`} />
      <p className={`notice ${data.chain.ok ? "notice--ok" : "notice--danger"}`} data-testid="chain-status" role="status">
        {data.chain.ok
          ? data.chain.length === 0
            ? t("ws.batch.chainEmpty")
            : t("ws.batch.chainOk", { count: data.chain.length })
          : t("ws.batch.chainBroken", { sequence: data.chain.brokenAtSequence })}
      </p>

      {data.inputs.length > 0 || data.outputs.length > 0 ? (
        <section aria-labelledby="lineage" className="section">
          <h3 id="lineage">{t("ws.batch.inputs")}</h3>
          <ul className="plain-list" data-testid="lineage-inputs">
            {data.inputs.map((l) => (
              <li key={l.batchId}>
                {l.sameOrganisation ? (
                  <Link to={`/workspace/${data.slug}/batches/${l.batchId}`} className="mono">
                    {l.lotCode}
                  </Link>
                ) : (
                  <span className="mono">{l.lotCode}</span>
                )}{" "}
                {l.productNameVi} · {formatNumber(l.quantity, locale)} {t(`uom.${l.uom}` as MessageKey)}
              </li>
            ))}
          </ul>
          {data.outputs.length > 0 ? (
            <>
              <h3>{t("ws.batch.outputs")}</h3>
              <ul className="plain-list" data-testid="lineage-outputs">
                {data.outputs.map((l) => (
                  <li key={l.batchId}>
                    <Link to={`/workspace/${data.slug}/batches/${l.batchId}`} className="mono">
                      {l.lotCode}
                    </Link>{" "}
                    {l.productNameVi} · {formatNumber(l.quantity, locale)} {t(`uom.${l.uom}` as MessageKey)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="timeline" className="section" id="timeline">
        <h3 id="timeline-heading">{t("ws.batch.timeline")}</h3>
        {params.get("recorded") ? (
          <p className="notice notice--ok" role="status">
            {t("ws.batch.recorded")}
          </p>
        ) : null}
        {data.events.length === 0 ? (
          <p>{t("ws.batch.noEvents")}</p>
        ) : (
          <ol className="timeline" data-testid="timeline">
            {data.events.map((e) => (
              <li key={e.id} className="timeline__item">
                <p className="timeline__title">
                  <span className="muted">{t("ws.batch.sequence", { sequence: e.sequence })}</span>{" "}
                  <strong>{e.eventType === "TransformationEvent" ? t("step.transformation") : e.step ? t(`step.${e.step}`) : t("step.other")}</strong>{" "}
                  · {formatDateTime(e.eventTime, locale)}
                </p>
                {e.correctsEventId ? (
                  <p className="notice notice--warn">{t("ws.batch.corrects", { sequence: sequenceOf.get(e.correctsEventId) ?? "?" })}</p>
                ) : null}
                {e.place ? <p className="muted">{e.place}</p> : null}
                {e.quantity && e.uom ? (
                  <p>
                    {formatNumber(e.quantity, locale)} {t(`uom.${e.uom}` as MessageKey)}
                  </p>
                ) : null}
                <dl className="facts facts--small">
                  {Object.entries(e.details)
                    .filter(([key]) => key !== "inputs" && key !== "attachment")
                    .map(([key, value]) => (
                      <div key={key} className="facts__row">
                        <dt>{`detail.${key}` in messages.vi ? t(`detail.${key}` as MessageKey) : key}</dt>
                        <dd>
                          <DetailValue display={displayDetail(key, value)} />
                        </dd>
                      </div>
                    ))}
                </dl>
                {e.attachment ? (
                  <p>
                    <a href={e.attachment.url} target="_blank" rel="noopener noreferrer" data-testid="event-attachment">
                      {t("ws.batch.attachment")}: {e.attachment.name}
                    </a>
                  </p>
                ) : null}
                <p className="muted mono small" title={t("ws.batch.hash")}>
                  {e.hash.slice(0, 16)}…
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="record-step" className="section panel">
        <h3 id="record-step">{t("ws.batch.recordStep")}</h3>
        <nav className="step-picker" aria-label={t("ws.batch.step")}>
          {stepKinds.map((k) => (
            <Link key={k} to={`${base}?step=${k}#record-step`} aria-current={k === chosen ? "true" : undefined}>
              {t(`step.${k}`)}
            </Link>
          ))}
        </nav>
        {chosen ? (
          <StepForm
            step={chosen}
            now={data.now}
            defaults={data.stepDefaults}
            productUnit={data.productUnit}
            communes={data.communes}
            events={data.events.map((e) => ({ id: e.id, sequence: e.sequence }))}
            errors={actionData?.intent === "step" ? actionData.errors : undefined}
            values={actionData?.intent === "step" ? actionData.values : undefined}
          />
        ) : null}
      </section>

      <section aria-labelledby="record-processing" className="section panel">
        <h3 id="record-processing">{t("ws.batch.recordProcessing")}</h3>
        <p className="field__hint">{t("ws.batch.processingHint")}</p>
        {data.candidates.length === 0 ? (
          <p>{t("ws.batch.noCandidates")}</p>
        ) : (
          <ProcessingForm
            key={data.events.length}
            now={data.now}
            candidates={data.candidates}
            errors={actionData?.intent === "processing" ? actionData.errors : undefined}
          />
        )}
      </section>
    </article>
  );
}

function StepForm({
  step,
  now,
  defaults,
  productUnit,
  communes,
  events,
  errors,
  values,
}: {
  step: StepKind;
  now: string;
  defaults: StepFormDefaults;
  productUnit: { unitVi: string; unitEn: string };
  communes: { id: number; nameVi: string }[];
  events: { id: string; sequence: number }[];
  errors?: Record<string, string>;
  values?: Record<string, string>;
}) {
  const t = useT();
  const { errorFor, formProps } = useLiveValidation(stepFormSchema, errors);
  const def = steps[step];
  const v = (key: string, fallback = "") => values?.[key] ?? fallback;
  return (
    <Form method="post" encType="multipart/form-data" className="form" key={`${step}-${events.length}`} {...formProps} data-testid="step-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="step" />
      <input type="hidden" name="step" value={step} />
      <FormError error={errors?._form} />
      <TextField name="eventTime" type="datetime-local" max={now} label={t("ws.batch.eventTime")} defaultValue={v("eventTime", defaults.eventTime)} error={errorFor("eventTime")} />
      <SelectField
        name="communeId"
        label={t("ws.batch.commune")}
        defaultValue={v("communeId", defaults.communeId)}
        error={errorFor("communeId")}
        emptyLabel={t("ws.form.none")}
        options={communes.map((c) => ({ value: String(c.id), label: c.nameVi }))}
      />
      <TextField name="locationName" label={t("ws.batch.location")} defaultValue={v("locationName", defaults.locationName)} error={errorFor("locationName")} maxLength={500} />
      <TextField name="quantity" label={t("ws.field.quantity")} defaultValue={v("quantity")} error={errorFor("quantity")} inputMode="decimal" required={def.quantityRequired} />
      <UomField name="uom" label={t("ws.field.uom")} defaultValue={v("uom", defaults.uom)} error={errorFor("uom")} emptyLabel={t("ws.form.none")} product={productUnit} />
      {def.fields.map((field) =>
        field === "result" ? (
          <SelectField
            key={field}
            name={field}
            label={t("detail.result")}
            defaultValue={v(field)}
            error={errorFor(field)}
            emptyLabel={t("ws.form.choose")}
            options={(["pass", "fail"] as const).map((r) => ({ value: r, label: t(`detail.result.${r}`) }))}
          />
        ) : field === "notes" ? (
          <TextAreaField key={field} name={field} label={t("detail.notes")} defaultValue={v(field)} error={errorFor(field)} maxLength={500} />
        ) : (
          <TextField
            key={field}
            name={field}
            label={t(`detail.${field}`)}
            defaultValue={v(field)}
            error={errorFor(field)}
            maxLength={500}
            required={def.required.includes(field)}
            inputMode={field === "preHarvestIntervalDays" ? "numeric" : undefined}
          />
        ),
      )}
      <TextField
        name="attachment"
        type="file"
        accept="application/pdf,image/jpeg,image/png,image/webp"
        label={t("ws.batch.attachmentField")}
        hint={t("upload.hint.document")}
        error={errorFor("attachment")}
      />
      {/* A lab report is usually something buyers should read: public unless the member unticks it. */}
      <p className="field field--checkbox">
        <label>
          <input type="checkbox" name="attachmentPublic" defaultChecked={values ? values.attachmentPublic === "on" : true} data-testid="attachment-public" />{" "}
          {t("ws.batch.attachmentPublic")}
        </label>
      </p>
      {events.length > 0 ? (
        <SelectField
          name="correctsEventId"
          label={t("ws.batch.correctsField")}
          defaultValue={v("correctsEventId")}
          error={errorFor("correctsEventId")}
          emptyLabel={t("ws.form.none")}
          options={events.map((e) => ({ value: e.id, label: t("ws.batch.sequence", { sequence: e.sequence }) }))}
        />
      ) : null}
      <p>
        <button type="submit" className="button">
          {t("ws.form.save")}
        </button>
      </p>
    </Form>
  );
}

function ProcessingForm({
  now,
  candidates,
  errors,
}: {
  now: string;
  candidates: { id: string; lotCode: string; productNameVi: string; uom: string; remaining: string }[];
  errors?: Record<string, string>;
}) {
  const t = useT();
  const locale = useLocale();
  const { errorFor, formProps } = useLiveValidation(processingFormSchema, errors, processingFormFromFormData);
  const rows = Math.min(PROCESSING_ROWS, MAX_PROCESSING_INPUTS);
  return (
    <Form method="post" className="form" {...formProps} data-testid="processing-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="processing" />
      <FormError error={errorFor("_form") ?? errorFor("inputs")} />
      <TextField name="eventTime" type="datetime-local" max={now} label={t("ws.batch.eventTime")} defaultValue={now} error={errorFor("eventTime")} />
      <TextField name="process" label={t("detail.process")} error={errorFor("process")} maxLength={500} required />
      <TextField name="equipment" label={t("detail.equipment")} error={errorFor("equipment")} maxLength={500} />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="input-row">
          <SelectField
            name="inputBatchId"
            fieldId={`input-lot-${i}`}
            label={`${t("ws.batch.inputLot")} ${i + 1}`}
            error={errorFor(`inputs.${i}.batchId`)}
            emptyLabel={t("ws.form.none")}
            options={candidates.map((c) => ({
              value: c.id,
              label: t("ws.batch.remaining", {
                lot: c.lotCode,
                product: c.productNameVi,
                remaining: formatNumber(c.remaining, locale),
                uom: t(`uom.${c.uom}` as MessageKey),
              }),
            }))}
          />
          <TextField name="inputQuantity" fieldId={`input-quantity-${i}`} label={`${t("ws.batch.inputQuantity")} ${i + 1}`} error={errorFor(`inputs.${i}.quantity`)} inputMode="decimal" />
        </div>
      ))}
      <TextAreaField name="notes" label={t("detail.notes")} error={errorFor("notes")} maxLength={500} />
      <p>
        <button type="submit" className="button">
          {t("ws.form.save")}
        </button>
      </p>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
