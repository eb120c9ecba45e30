import { describe, expect, it } from "vitest";
import { bankNameOf, commonBanks } from "./banks";

describe("bankNameOf", () => {
  it("names a known bank by its BIN", () => {
    expect(bankNameOf("970405")).toBe("Agribank");
    expect(bankNameOf("970436")).toBe("Vietcombank");
  });

  it("answers null for an unknown, malformed or empty BIN", () => {
    expect(bankNameOf("970999")).toBeNull();
    expect(bankNameOf("97040")).toBeNull();
    expect(bankNameOf(" 970405")).toBeNull();
    expect(bankNameOf("")).toBeNull();
  });

  it("has one entry per BIN, each six digits", () => {
    const bins = commonBanks.map((b) => b.bin);
    expect(new Set(bins).size).toBe(bins.length);
    for (const bin of bins) expect(bin).toMatch(/^\d{6}$/);
  });
});
