import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { formatDate } from "~/lib/format";
import { localized, translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import {
  getLabelBatch,
  labelHumanReadable,
  labelSheetPdf,
  labelsPerPage,
  labelUri,
  listSerials,
  parseLabelSize,
  qrPng,
  qrSvg,
} from "~/trace/labels.server";
import { labelsDownloadable } from "~/trace/labels";
import { requireWorkspace } from "~/workspace/access.server";

const fileParam = z.enum(["qr.svg", "qr.png", "batch.pdf", "units.pdf"]);

/** Downloads of a batch's QR code (SVG, PNG) and label sheets (PDF), for members of its organisation. */
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
  const size = parseLabelSize(url.searchParams.get("size"));
  const perPage = labelsPerPage(size);
  const labels =
    file.data === "batch.pdf"
      ? Array.from({ length: perPage }, () => ({ uri, human: labelHumanReadable(batch) }))
      : (await listSerials(args.context.db, batch.id)).map((serial) => ({ uri: labelUri(origin, batch, serial), human: labelHumanReadable(batch, serial) }));
  if (labels.length === 0) throw new Response("Not Found", { status: 404 });
  const pdf = await labelSheetPdf({
    size,
    productName: localized(locale, batch.productNameVi, batch.productNameEn),
    lotCode: batch.lotCode,
    producedOn: batch.producedOn,
    bestBefore: batch.bestBefore,
    expiresOn: batch.expiresOn,
    ocopStars: batch.ocopStars,
    captions: {
      lot: translate(locale, "labels.pdf.lot"),
      produced: translate(locale, "labels.pdf.produced"),
      bestBefore: translate(locale, "labels.pdf.bestBefore"),
      useBy: translate(locale, "labels.pdf.useBy"),
    },
    formatDate: (d) => formatDate(d, locale),
    labels,
    title: translate(locale, "labels.title", { lot: batch.lotCode }),
  });
  return new Response(new Uint8Array(pdf), { headers: { ...headers("application/pdf"), "Content-Disposition": `inline; filename="${name}"` } });
}
