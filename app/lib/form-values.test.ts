import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseInput } from "./field-errors";
import {
  cleanFormData,
  FREE_TEXT_MAX,
  freeText,
  overlongTextFields,
  hasControlCharacters,
  isoDateField,
  isRealIsoDate,
  optionalIntegerIdField,
  optionalIsoDateField,
  stripControlCharacters,
} from "./form-values";

describe("dates typed into a form", () => {
  it("accepts real days from 1900 to 2100", () => {
    for (const good of ["1900-01-01", "2024-02-29", "2026-11-20", "2100-12-31"]) expect(isRealIsoDate(good)).toBe(true);
  });
  it("refuses impossible days, years out of range and what is not a date", () => {
    for (const bad of ["2026-13-01", "2026-02-30", "2025-02-29", "9999-12-31", "1899-12-31", "0202-01-01", "abc", "", "2026-1-1", "20261120", "2026-11-20T00:00", "NaN", "1e23"]) {
      expect(isRealIsoDate(bad), bad).toBe(false);
    }
  });
  it("gives the caller's message, and null for an empty optional date", () => {
    expect(optionalIsoDateField("m.date").parse("")).toBeNull();
    expect(optionalIsoDateField("m.date").parse(undefined)).toBeNull();
    expect(optionalIsoDateField("m.date").parse(" 2026-11-20 ")).toBe("2026-11-20");
    expect(optionalIsoDateField("m.date").safeParse("9999-12-31").error?.issues[0]?.message).toBe("m.date");
    expect(isoDateField("m.date", "m.required").safeParse("").error?.issues[0]?.message).toBe("m.required");
    expect(isoDateField("m.date").safeParse("2026-13-01").error?.issues[0]?.message).toBe("m.date");
    expect(isoDateField("m.date").parse("2026-01-31")).toBe("2026-01-31");
  });
});

describe("ids chosen in a form", () => {
  it("reads 1 to 9 digits, null when empty", () => {
    const field = optionalIntegerIdField("m.choice");
    expect(field.parse("42")).toBe(42);
    expect(field.parse("")).toBeNull();
    expect(field.parse(undefined)).toBeNull();
  });
  it("refuses exponents, signs, NaN, zero and numbers past PostgreSQL's integer", () => {
    const field = optionalIntegerIdField("m.choice");
    for (const bad of ["1e23", "-1", "NaN", "0", "1.5", "9999999999", "abc", "0x10"]) {
      expect(field.safeParse(bad).error?.issues[0]?.message, bad).toBe("m.choice");
    }
  });
});

describe("control characters", () => {
  it("drops NUL and the other C0 controls and DEL, keeps tab, line breaks and every letter", () => {
    expect(stripControlCharacters("a\u0000b\u0007c\u001Fd\u007Fe")).toBe("abcde");
    expect(stripControlCharacters("dòng 1\r\ndòng 2\tcột 🍵 e\u0301")).toBe("dòng 1\r\ndòng 2\tcột 🍵 e\u0301");
    expect(hasControlCharacters("a\u0000b")).toBe(true);
    expect(hasControlCharacters("a\nb\tc")).toBe(false);
  });
  it("cleans every text value of a submitted form and leaves files alone", () => {
    const form = new FormData();
    form.append("name", "Chè\u0000 xanh");
    form.append("tag", "a");
    form.append("tag", "b\u0000");
    const file = new File(["\u0000bytes"], "a.bin");
    form.append("file", file);
    const clean = cleanFormData(form);
    expect(clean.get("name")).toBe("Chè xanh");
    expect(clean.getAll("tag")).toEqual(["a", "b"]);
    expect(clean.get("file")).toBeInstanceOf(File);
    expect((clean.get("file") as File).size).toBe(file.size);
  });
  it("returns a form with nothing to clean as it is", () => {
    const form = new FormData();
    form.append("name", "Chè xanh");
    expect(cleanFormData(form)).toBe(form);
  });
});

describe("the shared free-text cap", () => {
  const pasted = "x".repeat(100_000);

  it("caps a field at its own length, and never past FREE_TEXT_MAX", () => {
    expect(freeText(10, "m.long").parse("  Chè  ")).toBe("Chè");
    expect(freeText(10, "m.long").safeParse("x".repeat(11)).error?.issues[0]?.message).toBe("m.long");
    expect(freeText(1_000_000).safeParse("x".repeat(FREE_TEXT_MAX)).success).toBe(true);
    expect(freeText(1_000_000).safeParse("x".repeat(FREE_TEXT_MAX + 1)).error?.issues[0]?.message).toBe("validation.textTooLong");
    expect(freeText(10, "m.long", "m.required").safeParse(undefined).error?.issues[0]?.message).toBe("m.required");
    expect(freeText().safeParse(pasted).success).toBe(false);
  });

  it("names the form values past the cap, in a FormData or a plain object", () => {
    const form = new FormData();
    form.append("name", pasted);
    form.append("name", "second");
    form.append("note", "short");
    form.append("photo", new Blob([pasted]), "big.txt");
    expect(overlongTextFields(form)).toEqual(["name"]);
    expect(overlongTextFields({ a: "x".repeat(FREE_TEXT_MAX), b: "x".repeat(FREE_TEXT_MAX + 1), c: 5 })).toEqual(["b"]);
    expect(overlongTextFields(null)).toEqual([]);
    expect(overlongTextFields("text")).toEqual([]);
  });

  it("is refused at every command's door with a field message, even where the schema forgot a cap", () => {
    const careless = z.object({ name: z.string(), extra: z.string().optional() });
    expect(parseInput(careless, { name: "Chè" })).toEqual({ ok: true, input: { name: "Chè" } });
    const refused = parseInput(careless, { name: pasted, unknown: pasted });
    expect(refused).toMatchObject({ ok: false, reason: "invalid_input", fieldErrors: { name: "validation.textTooLong", unknown: "validation.textTooLong" } });
    // Beside the schema's own errors for other fields.
    expect(parseInput(careless, { extra: pasted })).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.any(String), extra: "validation.textTooLong" },
    });
  });

  it("is said in both languages with the cap's number", async () => {
    const { translate } = await import("./i18n");
    expect(translate("vi", "validation.textTooLong")).toContain(new Intl.NumberFormat("vi-VN").format(FREE_TEXT_MAX));
    expect(translate("en", "validation.textTooLong")).toContain(new Intl.NumberFormat("en-US").format(FREE_TEXT_MAX));
  });
});
