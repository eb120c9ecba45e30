import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CriteriaSheetView } from "~/components/ocop/CriteriaSheetView";
import { formatDateTime } from "~/lib/format";
import { localized, translate, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { listProductSets, readPublishedSheetPage } from "~/ocop/criteria.server";

/** The published criteria sheet of a product set, public: producers read what they will be scored on. */
export async function loader(args: LoaderFunctionArgs) {
  const page = await readPublishedSheetPage(args.context.db, args.params.setCode ?? "");
  if (!page) throw new Response("Not Found", { status: 404 });
  const locale = getLocale(args.request);
  const others = (await listProductSets(args.context.db))
    .filter((s) => s.published && s.code !== page.productSet.code)
    .map((s) => ({ code: s.code, name: localized(locale, s.nameVi, s.nameEn) }));
  return {
    page,
    others,
    title: translate(locale, "ocopc.public.title", { set: localized(locale, page.productSet.nameVi, page.productSet.nameEn) }),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }];

export default function PublicCriteriaSheet() {
  const { page, others, title } = useLoaderData<typeof loader>();
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
      {others.length > 0 ? (
        <nav aria-labelledby="other-sheets" className="section">
          <h2 id="other-sheets">{t("ocopc.public.others")}</h2>
          <ul>
            {others.map((o) => (
              <li key={o.code}>
                <Link to={`/ocop/criteria/${o.code}`}>{o.name}</Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
