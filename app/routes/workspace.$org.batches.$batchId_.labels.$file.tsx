import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { formatDate } from "~/lib/format";
import { localized, translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import {
  getLabelBatch,
  labelHumanReadable,
  labelInfoLines,
  labelSheetPdf,
  labelsPerPage,
  labelUri,
  listSerials,
  parseLabelSize,
  qrPng,
  qrSvg,
  thermalLabelFile,
} from "~/trace/labels.server";
import { LABEL_SIZES, labelsDownloadable, THERMAL_LANGUAGES, type ThermalDpi } from "~/trace/labels";
import { requireWorkspace } from "~/workspace/access.server";

const fileParam = z.enum(["qr.svg", "qr.png", "batch.pdf", "units.pdf", "thermal"]);
/** The thermal printer file's choices (the labels page's form sends them). */
const thermalQuery = z.object({
  of: z.enum(["batch", "units"]),
  language: z.enum(THERMAL_LANGUAGES),
  size: z.enum(LABEL_SIZES),
  dpi: z.enum(["203", "300"]).transform((v) => (v === "300" ? 300 : 203) as ThermalDpi),
});

/** Downloads of a batch's QR code (SVG, PNG), label sheets (PDF) and thermal printer files (ZPL, TSPL), for members of its organisation. */
export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireWorkspace(args);
  const file = fileParam.safeParse(args.params.file);
  const id = z.guid().safeParse(args.params.batchId);
  const batch = id.success && file.success ? await getLabelBatch(args.context.db, organisation.id, id.data) : null;
  if (!batch || !file.success) throw new Response("Not Found", { status: 404 });
  if (!labelsDownloadable(organisation.status)) {
    const message = translate(getLocale(args.request), "labels.notApproved");
    throw new Response(message, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });
  }
  const url = new URL(args.request.url);
  const origin = args.context.publicUrl;
  const uri = labelUri(origin, batch);
  const name = `${batch.shortCode}-${file.data}`;
  const headers = (type: string) => ({
    "Content-Type": type,
    "Content-Disposition": `attachment; filename="${name}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  });
  if (file.data === "qr.svg") return new Response(await qrSvg(uri), { headers: headers("image/svg+xml") });
  if (file.data === "qr.png") return new Response(new Uint8Array(await qrPng(uri)), { headers: headers("image/png") });

  const locale = getLocale(args.request);
  const captions = {
    lot: translate(locale, "labels.pdf.lot"),
    produced: translate(locale, "labels.pdf.produced"),
    bestBefore: translate(locale, "labels.pdf.bestBefore"),
    useBy: translate(locale, "labels.pdf.useBy"),
  };
  const productName = localized(locale, batch.productNameVi, batch.productNameEn);
  const unitLabels = async () =>
    (await listSerials(args.context.db, batch.id)).map((serial) => ({ uri: labelUri(origin, batch, serial), human: labelHumanReadable(batch, serial) }));

  if (file.data === "thermal") {
    const query = thermalQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) throw new Response("Bad Request", { status: 400 });
    const { of, language, size, dpi } = query.data;
    // One label per code: the lot's one code, or each serial issued.
    const labels = of === "batch" ? [{ uri, human: labelHumanReadable(batch) }] : await unitLabels();
    if (labels.length === 0) throw new Response("Not Found", { status: 404 });
    const body = thermalLabelFile({ language, size, dpi, productName, infoLines: labelInfoLines(batch, captions, (d) => formatDate(d, locale)), labels });
    const filename = `${batch.shortCode}-${of}-${size}-${dpi}dpi.${language}`;
    return new Response(new Uint8Array(body), {
      headers: { ...headers(language === "zpl" ? "text/plain; charset=utf-8" : "application/octet-stream"), "Content-Disposition": `attachment; filename="${filename}"` },
    });
  }

  const size = parseLabelSize(url.searchParams.get("size"));
  const perPage = labelsPerPage(size);
  const labels = file.data === "batch.pdf" ? Array.from({ length: perPage }, () => ({ uri, human: labelHumanReadable(batch) })) : await unitLabels();
  if (labels.length === 0) throw new Response("Not Found", { status: 404 });
  const pdf = await labelSheetPdf({
    size,
    productName,
    lotCode: batch.lotCode,
    producedOn: batch.producedOn,
    bestBefore: batch.bestBefore,
    expiresOn: batch.expiresOn,
    ocopStars: batch.ocopStars,
    captions,
    formatDate: (d) => formatDate(d, locale),
    labels,
    title: translate(locale, "labels.title", { lot: batch.lotCode }),
  });
  return new Response(new Uint8Array(pdf), { headers: { ...headers("application/pdf"), "Content-Disposition": `inline; filename="${name}"` } });
}
