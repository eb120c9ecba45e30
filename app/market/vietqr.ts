/**
 * VietQR bank-transfer codes: an EMVCo merchant-presented QR (tag-length-value) with the NAPAS
 * template (tag 38), amount in VND and a short transfer note. Pure: usable in the browser too.
 */

export interface VietQrInput {
  /** Six-digit NAPAS BIN of the beneficiary's bank. */
  bankBin: string;
  accountNumber: string;
  /** Whole VND; omitted for a static code where the payer types the amount. */
  amountVnd?: number;
  /** Transfer note, e.g. the order reference: reduced to A–Z, 0–9 and spaces, at most 25 characters. */
  note?: string;
}

const NAPAS_GUID = "A000000727";
const TO_ACCOUNT_SERVICE = "QRIBFTTA";

function tlv(tag: string, value: string): string {
  if (value.length > 99) throw new RangeError(`EMVCo value too long for tag ${tag}`);
  return `${tag}${String(value.length).padStart(2, "0")}${value}`;
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as EMVCo tag 63 requires. */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

/** Banks' apps mangle diacritics in notes: keep plain upper-case ASCII letters, digits and spaces. */
export function transferNote(text: string, maxLength = 25): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "D")
    .toUpperCase()
    .replace(/[^A-Z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, maxLength)
    .trim();
}

export function buildVietQrPayload(input: VietQrInput): string {
  if (!/^\d{6}$/.test(input.bankBin)) throw new RangeError("The bank BIN has six digits");
  if (!/^\d{6,19}$/.test(input.accountNumber)) throw new RangeError("An account number has 6–19 digits");
  if (input.amountVnd !== undefined && (!Number.isSafeInteger(input.amountVnd) || input.amountVnd <= 0 || input.amountVnd > 999_999_999_999)) {
    throw new RangeError("The amount is a positive whole number of dong");
  }
  const beneficiary = tlv("00", input.bankBin) + tlv("01", input.accountNumber);
  const merchantAccount = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", TO_ACCOUNT_SERVICE);
  const note = input.note ? transferNote(input.note) : "";
  let payload =
    tlv("00", "01") +
    tlv("01", input.amountVnd === undefined ? "11" : "12") +
    tlv("38", merchantAccount) +
    tlv("53", "704") +
    (input.amountVnd === undefined ? "" : tlv("54", String(input.amountVnd))) +
    tlv("58", "VN") +
    (note ? tlv("62", tlv("08", note)) : "");
  payload += "6304";
  return payload + crc16CcittFalse(payload);
}

/** Reads a payload back into tag → value (top level), checking its CRC; null when damaged. */
export function parseEmvco(payload: string): Map<string, string> | null {
  if (payload.length < 8 || payload.slice(-8, -4) !== "6304") return null;
  if (crc16CcittFalse(payload.slice(0, -4)) !== payload.slice(-4)) return null;
  const out = new Map<string, string>();
  let i = 0;
  while (i < payload.length) {
    const tag = payload.slice(i, i + 2);
    const length = Number(payload.slice(i + 2, i + 4));
    if (!/^\d{2}$/.test(tag) || !Number.isInteger(length) || i + 4 + length > payload.length) return null;
    out.set(tag, payload.slice(i + 4, i + 4 + length));
    i += 4 + length;
  }
  return out;
}
