/**
 * The OCOP certificate as an A4 landscape PDF (Be Vietnam Pro for the diacritics): product, producer, stars, score,
 * the decision (number, date, signer), validity and the certificate number, with a QR code that opens the public
 * verification page — its address built from the configured public address, never from a request's Host.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { formatDate } from "~/lib/format";
import { localized, translator, type Locale, type MessageKey } from "~/lib/i18n";
import { certificateVerificationUrl } from "./certificate-paths";
import type { CertificateView } from "./register-queries.server";

let fontDir: string | null = null;
function fontFile(weight: "400Regular" | "600SemiBold"): string {
  fontDir ??= dirname(createRequire(import.meta.url).resolve("@expo-google-fonts/be-vietnam-pro"));
  return join(fontDir, weight, `BeVietnamPro_${weight}.ttf`);
}

export function certificatePdfFileName(number: string): string {
  return `${number.replace(/[^A-Za-z0-9._-]/g, "-")}.pdf`;
}

export async function certificatePdf(input: { certificate: CertificateView; publicUrl: string; locale: Locale; departmentName: string }): Promise<Buffer> {
  const { certificate: c, locale } = input;
  const t = translator(locale);
  const url = certificateVerificationUrl(input.publicUrl, c.number);
  const qr = await QRCode.toBuffer(url, { errorCorrectionLevel: "M", margin: 4, scale: 8, type: "png" });

  const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: 48, info: { Title: `${t("ocopRegister.pdf.title")} ${c.number}`, Author: input.departmentName } });
  doc.registerFont("regular", fontFile("400Regular"));
  doc.registerFont("bold", fontFile("600SemiBold"));
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const W = doc.page.width;
  const H = doc.page.height;
  doc.lineWidth(3).strokeColor("#9a6b00").rect(24, 24, W - 48, H - 48).stroke();
  doc.lineWidth(1).rect(32, 32, W - 64, H - 64).stroke();

  doc.fillColor("black").font("bold").fontSize(12).text(input.departmentName.toUpperCase(), 60, 60, { width: W - 120, align: "center" });
  doc.font("bold").fontSize(26).fillColor("#7a1f1f").text(t("ocopRegister.pdf.title"), 60, 100, { width: W - 120, align: "center" });
  doc.font("regular").fontSize(12).fillColor("black").text(t("ocopRegister.pdf.programme"), 60, 138, { width: W - 120, align: "center" });

  const product = localized(locale, c.productNameVi, c.productNameEn);
  doc.font("bold").fontSize(22).text(product, 60, 175, { width: W - 120, align: "center" });
  doc.font("regular").fontSize(13).text(t("ocopRegister.pdf.producer", { producer: c.organisationName }), 60, 210, { width: W - 120, align: "center" });
  doc.font("bold").fontSize(30).fillColor("#9a6b00").text(t("ocopRegister.pdf.stars", { stars: c.stars }), 60, 240, { width: W - 120, align: "center" });

  const left = 80;
  let y = 300;
  const line = (label: string, value: string) => {
    doc.font("regular").fontSize(12).fillColor("#333").text(label, left, y, { width: 210 });
    doc.font("bold").fontSize(12).fillColor("black").text(value, left + 215, y, { width: W - left - 215 - 230 });
    y += 22;
  };
  line(t("ocopRegister.col.number"), c.number);
  line(t("ocopRegister.col.group"), t(`ocopGroup.${c.productGroup}` as MessageKey));
  if (c.score !== null) line(t("ocopRegister.col.score"), `${c.score}/100`);
  if (c.decisionNumber && c.decisionSignedOn) line(t("ocopRegister.col.decision"), t("ocopRegister.decisionOf", { number: c.decisionNumber, date: formatDate(c.decisionSignedOn, locale) }));
  line(t("ocopRegister.col.validity"), t("ocopRegister.validity", { from: formatDate(c.issuedOn, locale), to: formatDate(c.expiresOn, locale) }));
  if (c.decisionSignerName) line(t("ocopRegister.col.signer"), [c.decisionSignerTitle, c.decisionSignerName].filter(Boolean).join(" — "));

  const qrSize = 170;
  doc.image(qr, W - 80 - qrSize, 300, { width: qrSize, height: qrSize });
  doc.font("regular").fontSize(9).fillColor("#333").text(t("ocopRegister.pdf.scan"), W - 80 - qrSize - 20, 300 + qrSize + 4, { width: qrSize + 40, align: "center" });
  doc.font("regular").fontSize(8).text(url, W - 80 - qrSize - 40, 300 + qrSize + 30, { width: qrSize + 60, align: "center" });

  doc.end();
  return done;
}
