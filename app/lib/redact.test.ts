import { describe, expect, it } from "vitest";
import { redactPersonalData } from "./redact";

describe("redactPersonalData", () => {
  it("drops a failed query's parameters and PostgreSQL's key values", () => {
    const text = 'Failed query: insert into "orders" ("contact_name") values ($1)\nparams: Nguyễn Thị Hoa,0912345678,Số 17 ngõ 42\n    at x (y.js:1:1)';
    const out = redactPersonalData(text);
    expect(out).toContain('Failed query: insert into "orders"');
    expect(out).toContain("params: [redacted]");
    expect(out).toContain("at x (y.js:1:1)");
    expect(out).not.toMatch(/Nguyễn|0912345678|ngõ/);
    expect(redactPersonalData('Key (phone)=(0912345678) already exists.')).toBe("Key (phone)=([redacted]) already exists.");
    expect(redactPersonalData("Failing row contains (1, Nguyễn (Hoa), 0912).")).toBe("Failing row contains ([redacted]).");
  });

  it("masks phone numbers in any form to their last three digits, and leaves other numbers", () => {
    expect(redactPersonalData("call 0912345678 or +84 912 345 679 or 0912.345.670")).toBe("call ***678 or ***679 or ***670");
    expect(redactPersonalData("/01/08930000000010/10/LOT-2026")).toBe("/01/08930000000010/10/LOT-2026");
    expect(redactPersonalData("total 450000 VND")).toBe("total 450000 VND");
  });
});
