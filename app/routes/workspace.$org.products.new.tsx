import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { createProduct } from "~/catalog/products.server";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { ProductForm } from "~/components/workspace/ProductForm";
import { useT } from "~/lib/use-t";
import { actorOf, formObject, PRODUCT_MANAGERS, requireWorkspace, requireWorkspaceAction } from "~/workspace/access.server";

export async function loader(args: LoaderFunctionArgs) {
  await requireWorkspace(args, PRODUCT_MANAGERS);
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args, PRODUCT_MANAGERS);
  const result = await createProduct(args.context.db, actorOf(access), { organisationId: access.organisation.id, form: formObject(form) });
  if (!result.ok) return { errors: result.fieldErrors ?? {}, values: formObject(form) };
  return redirect(`/workspace/${access.organisation.slug}/products/${result.product.id}?saved=1`);
}

export default function NewProduct() {
  const data = useActionData<typeof action>();
  const t = useT();
  return (
    <section aria-labelledby="new-product">
      <h2 id="new-product">{t("ws.products.new")}</h2>
      <ProductForm errors={data?.errors} defaults={data?.values} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
