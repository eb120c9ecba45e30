import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { messages, translator } from "~/lib/i18n";
import { auditFields, auditWhat } from "./audit-words";

const vi = translator("vi");
const en = translator("en");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.server\.ts$/.test(name) ? [path] : [];
  });
}

describe("the change log speaks people's words", () => {
  it("names records and actions in Vietnamese and English", () => {
    expect(auditWhat(vi, "sub_order", "status_change")).toBe("Đơn hàng · chuyển trạng thái");
    expect(auditWhat(en, "sub_order", "status_change")).toBe("Order · status changed");
  });

  it("never shows a code name, even for a record or action it has no word for", () => {
    expect(auditWhat(vi, "no_such_thing", "frobnicate")).toBe("Bản ghi · thay đổi");
    expect(auditWhat(vi, "__proto__", "constructor")).toBe("Bản ghi · thay đổi");
  });

  it("lists the fields it can name and counts the rest", () => {
    expect(auditFields(vi, ["priceVnd", "status", "searchVector", "id"])).toBe("giá, trạng thái, và 2 mục khác");
    expect(auditFields(en, ["ocopStars"])).toBe("OCOP stars");
    expect(auditFields(vi, ["searchVector"])).toBe("1");
    expect(auditFields(vi, [])).toBe("");
  });

  it("has words for every record and action the code writes to the log", () => {
    const written = new Set<string>();
    for (const file of sources("app")) {
      const text = readFileSync(file, "utf8");
      // `entityType: "x"` and parameters typed `entityType: "x" | "y"`.
      for (const m of text.matchAll(/\bentityType: ((?:"[a-z_]+"(?: \| )?)+)/g)) {
        for (const q of m[1]!.matchAll(/"([a-z_]+)"/g)) written.add(`audit.entity.${q[1]}`);
      }
      // `action: "x"`, `action: cond ? "x" : "y"` and parameters typed `action: "x" | "y"`, up to the next comma.
      for (const m of text.matchAll(/\baction: ([^,\n]*)/g)) {
        for (const q of m[1]!.matchAll(/(=== )?"([a-z_]+)"/g)) if (!q[1]) written.add(`audit.action.${q[2]}`);
      }
    }
    expect(written.size).toBeGreaterThan(20);
    const missing = [...written].filter((key) => !Object.hasOwn(messages.vi, key));
    expect(missing).toEqual([]);
  });
});
