import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { deleteProduct, getOrganisationProduct, setProductStatus, updateProduct } from "~/catalog/products.server";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { ProductForm } from "~/components/workspace/ProductForm";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { CsrfField } from "~/components/form/csrf";
import {
  canManageProducts,
  changeWithAudit,
  formObject,
  PRODUCT_MANAGERS,
  requireWorkspace,
  requireWorkspaceAction,
} from "~/workspace/access.server";

const productIdParam = z.guid();
const intentSchema = z.enum(["save", "retire", "reactivate", "delete"]);

export async function loader(args: LoaderFunctionArgs) {
  const { organisation, role } = await requireWorkspace(args);
  const id = productIdParam.safeParse(args.params.productId);
  const product = id.success ? await getOrganisationProduct(args.context.db, organisation.id, id.data) : null;
  if (!product) throw new Response("Not Found", { status: 404 });
  return { product, canManage: canManageProducts(role) };
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args, PRODUCT_MANAGERS);
  const id = productIdParam.safeParse(args.params.productId);
  if (!id.success) throw new Response("Not Found", { status: 404 });
  const intent = intentSchema.safeParse(form.get("intent") ?? "save");
  if (!intent.success) throw new Response("Bad Request", { status: 400 });
  const db = args.context.db;
  const organisationId = access.organisation.id;
  const base = `/workspace/${access.organisation.slug}/products`;

  if (intent.data === "save") {
    const result = await changeWithAudit(
      db,
      access,
      (tx) => updateProduct(tx, { organisationId, productId: id.data, form: formObject(form) }),
      (r) => (r.ok ? { entityType: "product", entityId: id.data, action: "update", before: r.before, after: r.product } : null),
    );
    if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
    if (!result.ok) return { errors: result.fieldErrors, values: formObject(form) };
    return redirect(`${base}/${id.data}?saved=1`);
  }
  if (intent.data === "delete") {
    const result = await changeWithAudit(
      db,
      access,
      (tx) => deleteProduct(tx, { organisationId, productId: id.data }),
      (r) => (r.ok ? { entityType: "product", entityId: id.data, action: "delete", before: r.product } : null),
    );
    if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
    if (!result.ok) return { errors: { _form: "ws.products.hasBatches" }, values: null };
    return redirect(base);
  }
  const status = intent.data === "retire" ? "retired" : "active";
  const result = await changeWithAudit(
    db,
    access,
    (tx) => setProductStatus(tx, { organisationId, productId: id.data, status }),
    (r) => (r.ok ? { entityType: "product", entityId: id.data, action: intent.data, before: r.before, after: r.product } : null),
  );
  if (!result.ok) throw new Response("Not Found", { status: 404 });
  return redirect(`${base}/${id.data}?saved=1`);
}

export default function EditProduct() {
  const { product, canManage } = useLoaderData<typeof loader>();
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
          <ProductForm
            defaults={data?.values ?? product}
            errors={data?.errors}
            hidden={<input type="hidden" name="intent" value="save" />}
          />
          <div className="danger-zone">
            <Form method="post">
              <CsrfField />
              <button type="submit" name="intent" value={product.status === "active" ? "retire" : "reactivate"} className="button button--secondary">
                {t(product.status === "active" ? "ws.products.retire" : "ws.products.reactivate")}
              </button>
            </Form>
            <Form method="post">
              <CsrfField />
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
