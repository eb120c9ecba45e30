import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CriteriaSheetView } from "~/components/ocop/CriteriaSheetView";
import { formatDateTime } from "~/lib/format";
import { localized, translate, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { readPublishedSheetPage } from "~/ocop/criteria.server";

/** The published criteria sheet of a product set, public: producers read what they will be scored on. */
export async function loader(args: LoaderFunctionArgs) {
  const page = await readPublishedSheetPage(args.context.db, args.params.setCode ?? "");
  if (!page) throw new Response("Not Found", { status: 404 });
  const locale = getLocale(args.request);
  return {
    page,
    title: translate(locale, "ocopc.public.title", { set: localized(locale, page.productSet.nameVi, page.productSet.nameEn) }),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }];

export default function PublicCriteriaSheet() {
  const { page, title } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container section">
      <p className="muted" style={{ margin: 0 }}>
        {t(`ocopGroup.${page.productSet.productGroup}` as MessageKey)}
      </p>
      <h1>{title}</h1>
      <p>
        {t("ocopc.version", { version: page.version })}
        {page.publishedAt ? <span className="muted"> · {t("ocopc.sheet.publishedAt", { at: formatDateTime(page.publishedAt, locale) })}</span> : null}
      </p>
      <p className="muted">{t("ocopc.public.lead")}</p>
      {page.sourceNote ? (
        <p className="notice notice--warn small">
          {t("ocopc.sheet.source")}: {page.sourceNote}
        </p>
      ) : null}
      <CriteriaSheetView sheet={page.sheet} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
