import { CopyValue } from "~/components/CopyValue";
import { formatVnd } from "~/lib/format";
import { useLocale, useT } from "~/lib/use-t";

/** What app/market/payments/transfer.server.ts getTransferInstructions returns (serialisable). */
export interface TransferInstructionsData {
  bankBin: string;
  bankName: string | null;
  accountNumber: string;
  accountName: string;
  amountVnd: number;
  reference: string;
  payload: string;
  qrSvg: string;
  qrPngDataUrl: string;
}

/**
 * How to pay one cooperative by bank transfer: the VietQR code (the banking apps read amount and
 * note from it), and the same details written out for those who type them.
 */
export function TransferInstructions({
  instructions,
  headingLevel = 2,
  title,
}: {
  instructions: TransferInstructionsData;
  headingLevel?: 2 | 3;
  /** The heading, when the page says more than "pay by VietQR" (e.g. which cooperative). */
  title?: string;
}) {
  const t = useT();
  const locale = useLocale();
  const amount = formatVnd(instructions.amountVnd, locale);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  // The SVG comes from our own QR encoder; as an image it cannot run anything.
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(instructions.qrSvg)}`;
  return (
    <section className="transfer-instructions" aria-label={title ?? t("pay.transfer.heading")} data-testid="transfer-instructions">
      <Heading>{title ?? t("pay.transfer.heading")}</Heading>
      <p>{t("pay.transfer.scan")}</p>
      <img
        className="transfer-instructions__qr"
        src={src}
        width={220}
        height={220}
        alt={t("pay.transfer.qrAlt", { amount, accountName: instructions.accountName })}
        data-payload={instructions.payload}
      />
      <p>
        <a className="button button--secondary" href={instructions.qrPngDataUrl} download={`VietQR-${instructions.reference.replace(/ /g, "-")}.png`} data-testid="save-qr">
          {t("pay.transfer.saveQr")}
        </a>
      </p>
      <dl className="transfer-instructions__details">
        <dt>{t("pay.transfer.bank")}</dt>
        <dd data-testid="transfer-bank">{instructions.bankName ?? t("pay.transfer.bankUnknown", { bin: instructions.bankBin })}</dd>
        <dt>{t("pay.transfer.accountName")}</dt>
        <dd data-testid="transfer-account-name">{instructions.accountName}</dd>
        <dt>{t("pay.transfer.accountNumber")}</dt>
        <dd>
          <CopyValue text={instructions.accountNumber} copyText={instructions.accountNumber} label={t("pay.transfer.accountNumber")} testId="transfer-account" />
        </dd>
        <dt>{t("pay.transfer.amount")}</dt>
        <dd>
          {/* Banking apps want the bare number of dong. */}
          <CopyValue text={<strong>{amount}</strong>} copyText={String(instructions.amountVnd)} label={t("pay.transfer.amount")} testId="transfer-amount" />
        </dd>
        <dt>{t("pay.transfer.note")}</dt>
        <dd>
          <CopyValue text={instructions.reference} copyText={instructions.reference} label={t("pay.transfer.note")} testId="transfer-note" />
        </dd>
      </dl>
      <p className="transfer-instructions__hint">{t("pay.transfer.noteHint")}</p>
    </section>
  );
}
