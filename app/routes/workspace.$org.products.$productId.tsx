import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { addProductPhoto, listProductPhotos, removeProductPhoto } from "~/catalog/photos.server";
import { deleteProduct, getOrganisationProduct, setProductStatus, updateProduct } from "~/catalog/products.server";
import { PhotoManager } from "~/components/workspace/PhotoManager";
import { uploadUrl } from "~/storage/storage.server";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { ProductForm } from "~/components/workspace/ProductForm";
import { RegisterCertificates } from "~/components/workspace/RegisterCertificates";
import { todayInVietnam } from "~/lib/format";
import { certificatesOfProduct } from "~/ocop/register-queries.server";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { CsrfInput } from "~/components/CsrfInput";
import {
  actorOf,
  canManageProducts,
  formObject,
  PRODUCT_MANAGERS,
  requireWorkspace,
  requireWorkspaceUpload,
} from "~/workspace/access.server";

const productIdParam = z.guid();
const intentSchema = z.enum(["save", "retire", "reactivate", "delete", "addPhoto", "removePhoto"]);

export async function loader(args: LoaderFunctionArgs) {
  const { organisation, role } = await requireWorkspace(args);
  const id = productIdParam.safeParse(args.params.productId);
  const product = id.success ? await getOrganisationProduct(args.context.db, organisation.id, id.data) : null;
  if (!product) throw new Response("Not Found", { status: 404 });
  const photos = (await listProductPhotos(args.context.db, product.id)).map((p) => ({ id: p.id, url: uploadUrl(p.storageKey) }));
  const certificates = await certificatesOfProduct(args.context.db, product.id, todayInVietnam());
  return { product, photos, certificates, canManage: canManageProducts(role) };
}

export async function action(args: ActionFunctionArgs) {
  const { access, form, upload, uploadError } = await requireWorkspaceUpload(args, "photo", "photo", PRODUCT_MANAGERS);
  const id = productIdParam.safeParse(args.params.productId);
  if (!id.success) throw new Response("Not Found", { status: 404 });
  if (uploadError) return { photoError: uploadError };
  const intent = intentSchema.safeParse(form.get("intent") ?? "save");
  if (!intent.success) throw new Response("Bad Request", { status: 400 });
  const db = args.context.db;
  const actor = actorOf(access);
  const target = { organisationId: access.organisation.id, productId: id.data };
  const base = `/workspace/${access.organisation.slug}/products`;

  if (intent.data === "addPhoto") {
    if (!upload) return { photoError: "ws.photos.required" };
    const result = await addProductPhoto(db, actor, { ...target, storageKey: upload.key, contentType: upload.contentType });
    if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
    if (!result.ok) return { photoError: result.reason === "too_many" ? "ws.photos.tooMany" : "ws.photos.duplicate" };
    return redirect(`${base}/${id.data}?saved=1`);
  }
  if (intent.data === "removePhoto") {
    const photoId = z.guid().safeParse(form.get("photoId"));
    if (!photoId.success) throw new Response("Bad Request", { status: 400 });
    // A photo already gone is not an error: the page shows what is left.
    await removeProductPhoto(db, actor, { ...target, photoId: photoId.data });
    return redirect(`${base}/${id.data}?saved=1`);
  }
  if (intent.data === "save") {
    const result = await updateProduct(db, actor, { ...target, form: formObject(form) });
    if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
    if (!result.ok) return { errors: result.fieldErrors ?? {}, values: formObject(form) };
    return redirect(`${base}/${id.data}?saved=1`);
  }
  if (intent.data === "delete") {
    const result = await deleteProduct(db, actor, target);
    if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
    if (!result.ok) return { errors: { _form: "ws.products.hasBatches" }, values: null };
    return redirect(base);
  }
  const result = await setProductStatus(db, actor, { ...target, status: intent.data === "retire" ? "retired" : "active" });
  if (!result.ok) throw new Response("Not Found", { status: 404 });
  return redirect(`${base}/${id.data}?saved=1`);
}

/** The form's OCOP fields record a new certificate; the current one is shown read-only from the register. */
function blankOcop<P extends object>(product: P): P {
  return { ...product, ocopGroup: null, ocopStars: null, ocopScore: null, ocopCertificateNumber: null, ocopIssuedOn: null, ocopExpiresOn: null };
}

export default function EditProduct() {
  const { product, photos, certificates, canManage } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="edit-product">
      <h2 id="edit-product">{localized(locale, product.nameVi, product.nameEn)}</h2>
      {params.get("saved") && !data ? (
        <p className="notice notice--ok" role="status">
          {t("ws.products.saved")}
        </p>
      ) : null}
      <p className="card__meta">{t(`ws.products.status.${product.status}`)}</p>
      {canManage ? (
        <>
          <PhotoManager photos={photos} error={data && "photoError" in data ? data.photoError : undefined} />
          <ProductForm
            defaults={data && "values" in data ? (data.values ?? blankOcop(product)) : blankOcop(product)}
            certificate={<RegisterCertificates certificates={certificates} />}
            errors={data && "errors" in data ? data.errors : undefined}
            hidden={<input type="hidden" name="intent" value="save" />}
          />
          <div className="danger-zone">
            <Form method="post">
              <CsrfInput />
              <button type="submit" name="intent" value={product.status === "active" ? "retire" : "reactivate"} className="button button--secondary">
                {t(product.status === "active" ? "ws.products.retire" : "ws.products.reactivate")}
              </button>
            </Form>
            <Form method="post">
              <CsrfInput />
              <p className="field__hint">{t("ws.products.deleteHint")}</p>
              <button type="submit" name="intent" value="delete" className="button button--danger">
                {t("ws.products.delete")}
              </button>
            </Form>
          </div>
        </>
      ) : (
        <p>{t("ws.products.managerOnly")}</p>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
