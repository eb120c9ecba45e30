import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatCell } from "~/components/charts/format-cell";
import { departmentReportPdf } from "~/insights/report.server";
import { formatDate, formatVnd, todayInVietnam } from "~/lib/format";
import { localized, translator, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { MIN_HOUSEHOLDS } from "~/households/suppression";
import { loadTransparency, resolveTransparencyScope, scopeSearch } from "~/support/publication.server";
import { transparencyFilterSchema } from "~/support/schema";

/** The A4 notice-board print of /transparency/support, with a QR code back to the live page (PUBLIC_URL). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const locale = getLocale(request);
  const t = translator(locale);
  const today = todayInVietnam();
  const scope = await resolveTransparencyScope(context.db, transparencyFilterSchema.parse(Object.fromEntries(url.searchParams)), today);
  const view = await loadTransparency(context.db, scope, t);
  const province = localized(locale, scope.province.nameVi, scope.province.nameEn);
  const place = scope.commune ? `${scope.commune.nameVi}, ${province}` : province;
  const programme = scope.programme === "all" ? t("sup.pub.allProgrammes") : t(`sup.programme.${scope.programme}` as MessageKey);
  const live = `${context.publicUrl}/transparency/support?${scopeSearch(scope)}`;
  const [byKind, cooperatives, followed] = view.tables;
  const pdf = await departmentReportPdf({
    title: t("sup.pub.title"),
    lines: [
      t("sup.pub.scope", { place, programme, year: scope.year }),
      `${t("sup.pub.totalCooperatives")}: ${formatVnd(view.totals.cooperativeVnd, locale)} · ${t("sup.pub.householdsSupported")}: ${formatCell(view.totals.households, "number", locale)}`,
      t("sup.pub.legend", { min: MIN_HOUSEHOLDS }),
      t("sup.pub.printedOn", { date: formatDate(today, locale) }),
    ],
    sections: [
      { heading: byKind!.title, table: byKind! },
      { heading: cooperatives!.title, table: cooperatives!, columns: [0, 3, 4, 5, 6, 7] },
      { heading: followed!.title, table: followed! },
    ],
    footer: t("sup.pub.printFooter", { url: live }),
    format: (value, kind) => formatCell(value, kind, locale),
    qr: { url: live, caption: live.replace(/^https?:\/\//, "") },
  });
  const name = `ocop-minh-bach-ho-tro-${scope.province.code}${scope.commune ? `-${scope.commune.id}` : ""}-${scope.year}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${name}"`,
      "Cache-Control": "public, no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
