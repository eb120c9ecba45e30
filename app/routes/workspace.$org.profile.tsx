import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { commonBanks, organisationKinds, organisationProfileSchema } from "~/catalog/organisation-schema";
import { getOrganisationProfile, updateOrganisationProfile } from "~/catalog/organisations.server";
import { addOrganisationPhoto, listOrganisationPhotos, removeOrganisationPhoto } from "~/catalog/photos.server";
import { PhotoManager } from "~/components/workspace/PhotoManager";
import { uploadUrl } from "~/storage/storage.server";
import { z } from "zod";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextAreaField, TextField } from "~/components/form/fields";
import { useLiveValidation } from "~/components/form/live-validation";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useT } from "~/lib/use-t";
import { actorOf, formObject, PRODUCT_MANAGERS, requireWorkspace, requireWorkspaceUpload } from "~/workspace/access.server";
import { listCommunesOfOrganisationProvince } from "~/workspace/places.server";
import { createApiKey, listApiKeys, revokeApiKey } from "~/trace/api-keys.server";

export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireWorkspace(args, PRODUCT_MANAGERS);
  const db = args.context.db;
  const [profile, communes, photos, apiKeys] = await Promise.all([
    getOrganisationProfile(db, organisation.id),
    listCommunesOfOrganisationProvince(db, organisation.id),
    listOrganisationPhotos(db, organisation.id),
    listApiKeys(db, organisation.id),
  ]);
  if (!profile) throw new Response("Not Found", { status: 404 });
  const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = profile;
  return {
    profile: fields,
    communes,
    photos: photos.map((p) => ({ id: p.id, url: uploadUrl(p.storageKey) })),
    apiKeys: apiKeys.map((k) => ({ id: k.id, name: k.name, prefix: k.prefix, createdAt: k.createdAt.toISOString(), revoked: k.revokedAt !== null })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { access, form, upload, uploadError } = await requireWorkspaceUpload(args, "photo", "photo", PRODUCT_MANAGERS);
  const db = args.context.db;
  const actor = actorOf(access);
  const organisationId = access.organisation.id;
  const back = `/workspace/${access.organisation.slug}/profile?saved=1`;
  if (uploadError) return { photoError: uploadError };
  const intent = form.get("intent");
  if (intent === "addPhoto") {
    if (!upload) return { photoError: "ws.photos.required" };
    const added = await addOrganisationPhoto(db, actor, { organisationId, storageKey: upload.key, contentType: upload.contentType });
    if (!added.ok) return { photoError: added.reason === "too_many" ? "ws.photos.tooMany" : "ws.photos.duplicate" };
    return redirect(back);
  }
  if (intent === "removePhoto") {
    const photoId = z.guid().safeParse(form.get("photoId"));
    if (!photoId.success) throw new Response("Bad Request", { status: 400 });
    await removeOrganisationPhoto(db, actor, { organisationId, photoId: photoId.data });
    return redirect(back);
  }
  if (intent === "createApiKey") {
    const created = await createApiKey(db, actor, { organisationId, form: formObject(form) });
    // The key is shown once, in this response, and never again.
    return created.ok ? { createdApiKey: created.key } : { apiKeyError: created.fieldErrors?.name ?? "validation.required" };
  }
  if (intent === "revokeApiKey") {
    const keyId = z.guid().safeParse(form.get("keyId"));
    if (!keyId.success) throw new Response("Bad Request", { status: 400 });
    await revokeApiKey(db, actor, { organisationId, keyId: keyId.data });
    return redirect(back);
  }
  const result = await updateOrganisationProfile(db, actor, { organisationId, form: formObject(form) });
  if (!result.ok) return { errors: result.fieldErrors ?? {}, values: formObject(form) };
  return redirect(back);
}

export default function ProfileRoute() {
  const { profile, communes, photos, apiKeys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const data = actionData && "errors" in actionData ? actionData : undefined;
  const [params] = useSearchParams();
  const t = useT();
  const { errorFor, formProps } = useLiveValidation(organisationProfileSchema, data?.errors);
  const v = (key: keyof typeof profile): string => {
    const submitted = data?.values?.[key];
    if (submitted !== undefined) return submitted;
    const value = profile[key];
    return value === null || value === undefined ? "" : String(value);
  };
  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t("ws.profile.title")}</h2>
      {params.get("saved") && !data ? (
        <p className="notice notice--ok" role="status">
          {t("ws.profile.saved")}
        </p>
      ) : null}
      <PhotoManager photos={photos} error={actionData && "photoError" in actionData ? actionData.photoError : undefined} />
      <Form method="post" className="form" {...formProps}>
        <CsrfInput />
        <FormError error={data?.errors?._form} />
        <fieldset>
          <legend>{t("ws.form.section.basic")}</legend>
          <TextField name="name" label={t("ws.field.name")} defaultValue={v("name")} error={errorFor("name")} maxLength={200} required />
          <TextField name="nameEn" label={t("ws.field.orgNameEn")} defaultValue={v("nameEn")} error={errorFor("nameEn")} maxLength={200} />
          <SelectField
            name="kind"
            label={t("ws.field.orgKind")}
            defaultValue={v("kind")}
            error={errorFor("kind")}
            options={organisationKinds.map((k) => ({ value: k, label: t(`cooperative.kind.${k}`) }))}
          />
          <TextField name="foundedYear" label={t("ws.field.foundedYear")} defaultValue={v("foundedYear")} error={errorFor("foundedYear")} inputMode="numeric" />
          <TextField name="memberCount" label={t("ws.field.memberCount")} defaultValue={v("memberCount")} error={errorFor("memberCount")} inputMode="numeric" />
        </fieldset>
        <fieldset>
          <legend>{t("ws.profile.section.contact")}</legend>
          <SelectField
            name="communeId"
            label={t("ws.field.communeId")}
            defaultValue={v("communeId")}
            error={errorFor("communeId")}
            emptyLabel={t("ws.form.none")}
            options={communes.map((c) => ({ value: String(c.id), label: c.nameVi }))}
          />
          <TextField name="address" label={t("ws.field.address")} defaultValue={v("address")} error={errorFor("address")} maxLength={300} />
          <TextField name="phone" type="tel" label={t("ws.field.phone")} defaultValue={v("phone")} error={errorFor("phone")} maxLength={20} />
          <TextField name="email" type="email" label={t("ws.field.email")} defaultValue={v("email")} error={errorFor("email")} maxLength={200} />
          <TextField name="website" type="url" label={t("ws.field.website")} defaultValue={v("website")} error={errorFor("website")} maxLength={300} />
          <TextField name="gln" label={t("ws.field.gln")} hint={t("ws.profile.glnHint")} defaultValue={v("gln")} error={errorFor("gln")} inputMode="numeric" maxLength={13} />
        </fieldset>
        <fieldset>
          <legend>{t("ws.profile.section.about")}</legend>
          <TextAreaField name="descriptionVi" label={t("ws.field.orgDescriptionVi")} defaultValue={v("descriptionVi")} error={errorFor("descriptionVi")} maxLength={4000} />
          <TextAreaField name="descriptionEn" label={t("ws.field.orgDescriptionEn")} defaultValue={v("descriptionEn")} error={errorFor("descriptionEn")} maxLength={4000} />
        </fieldset>
        <fieldset>
          <legend>{t("ws.profile.section.bank")}</legend>
          <p className="field__hint">{t("ws.profile.bankHint")}</p>
          <SelectField
            name="bankBin"
            label={t("ws.field.bankBin")}
            defaultValue={v("bankBin")}
            error={errorFor("bankBin")}
            emptyLabel={t("ws.form.none")}
            options={commonBanks.map((b) => ({ value: b.bin, label: `${b.name} (${b.bin})` }))}
          />
          <TextField name="bankAccountNumber" label={t("ws.field.bankAccountNumber")} defaultValue={v("bankAccountNumber")} error={errorFor("bankAccountNumber")} inputMode="numeric" maxLength={19} />
          <TextField name="bankAccountName" label={t("ws.field.bankAccountName")} defaultValue={v("bankAccountName")} error={errorFor("bankAccountName")} maxLength={100} autoCapitalize="characters" />
        </fieldset>
        <p>
          <button type="submit" className="button">
            {t("ws.form.save")}
          </button>
        </p>
      </Form>
      <section aria-labelledby="api-keys-heading" data-testid="api-keys">
        <h3 id="api-keys-heading">{t("ws.apiKeys.title")}</h3>
        <p className="field__hint">{t("ws.apiKeys.hint")}</p>
        {actionData && "createdApiKey" in actionData ? (
          <p className="notice notice--ok" role="status">
            {t("ws.apiKeys.created")} <code className="mono" data-testid="created-api-key">{actionData.createdApiKey}</code>
          </p>
        ) : null}
        {apiKeys.length === 0 ? (
          <p>{t("ws.apiKeys.none")}</p>
        ) : (
          <ul className="plain-list">
            {apiKeys.map((k) => (
              <li key={k.id}>
                {k.name} <span className="mono">{k.prefix}…</span>{" "}
                {k.revoked ? (
                  <span className="muted">{t("ws.apiKeys.revoked")}</span>
                ) : (
                  <Form method="post" style={{ display: "inline" }}>
                    <CsrfInput />
                    <input type="hidden" name="keyId" value={k.id} />
                    <button type="submit" name="intent" value="revokeApiKey" className="button button--secondary">
                      {t("ws.apiKeys.revoke")}
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        )}
        <Form method="post" className="form">
          <CsrfInput />
          <TextField
            name="name"
            fieldId="api-key-name"
            label={t("ws.apiKeys.name")}
            maxLength={80}
            required
            error={actionData && "apiKeyError" in actionData ? actionData.apiKeyError : undefined}
          />
          <button type="submit" name="intent" value="createApiKey" className="button">
            {t("ws.apiKeys.create")}
          </button>
        </Form>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
