import type { LoaderFunctionArgs } from "@remix-run/node";
import { todayInVietnam } from "~/lib/format";
import { getLocale } from "~/lib/locale.server";
import { certificatePdf, certificatePdfFileName } from "~/ocop/certificate-pdf.server";
import { parseCertificateNumber } from "~/ocop/certificate-rules";
import { certificateIssuerName, getCertificateByNumber } from "~/ocop/register-queries.server";

/** The certificate as issued on the platform (A4 landscape PDF), its QR code opening the verification page. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const number = parseCertificateNumber(params.number);
  if (!number) throw new Response("Bad Request", { status: 400 });
  const certificate = await getCertificateByNumber(context.db, number, todayInVietnam());
  if (!certificate || certificate.origin !== "evaluation") throw new Response("Not Found", { status: 404 });
  const pdf = await certificatePdf({
    certificate,
    publicUrl: context.publicUrl,
    locale: getLocale(request),
    departmentName: await certificateIssuerName(context.db, { number: certificate.number }),
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${certificatePdfFileName(certificate.number)}"`,
      "Cache-Control": "public, no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
