import { describe, expect, it } from "vitest";
import { buildVietQrPayload, crc16CcittFalse, parseEmvco, transferNote } from "./vietqr";

describe("CRC-16/CCITT-FALSE", () => {
  it("matches the standard check value", () => {
    expect(crc16CcittFalse("123456789")).toBe("29B1");
  });
});

describe("VietQR payload", () => {
  const payload = buildVietQrPayload({ bankBin: "970405", accountNumber: "8506205102416", amountVnd: 450000, note: "Đơn hàng OCOP-2611-0042" });

  it("carries the NAPAS template, the amount in VND and a plain note, with a valid CRC", () => {
    const tags = parseEmvco(payload)!;
    expect(tags.get("00")).toBe("01");
    expect(tags.get("01")).toBe("12");
    expect(tags.get("53")).toBe("704");
    expect(tags.get("54")).toBe("450000");
    expect(tags.get("58")).toBe("VN");
    expect(tags.get("38")).toBe("0010A00000072701270006970405011385062051024160208QRIBFTTA");
    expect(tags.get("62")).toBe("0823DON HANG OCOP 2611 0042");
  });

  it("is static (01 = 11) and has no amount when none is given", () => {
    const tags = parseEmvco(buildVietQrPayload({ bankBin: "970418", accountNumber: "39010000872214" }))!;
    expect(tags.get("01")).toBe("11");
    expect(tags.has("54")).toBe(false);
    expect(tags.has("62")).toBe(false);
  });

  it("detects a damaged code", () => {
    expect(parseEmvco(payload.replace("450000", "950000"))).toBeNull();
    expect(parseEmvco("nonsense")).toBeNull();
  });

  it("refuses bad banks, accounts and amounts", () => {
    expect(() => buildVietQrPayload({ bankBin: "97040", accountNumber: "123456" })).toThrow(RangeError);
    expect(() => buildVietQrPayload({ bankBin: "970405", accountNumber: "12ab34" })).toThrow(RangeError);
    expect(() => buildVietQrPayload({ bankBin: "970405", accountNumber: "123456", amountVnd: 10.5 })).toThrow(RangeError);
    expect(() => buildVietQrPayload({ bankBin: "970405", accountNumber: "123456", amountVnd: 0 })).toThrow(RangeError);
  });
});

describe("transfer note", () => {
  it("drops diacritics and symbols, keeps it short", () => {
    expect(transferNote("Thanh toán đơn #42 — Trà Tân Cương")).toBe("THANH TOAN DON 42 TRA TAN");
    expect(transferNote("<script>")).toBe("SCRIPT");
  });
});
