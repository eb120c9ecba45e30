import { describe, expect, it } from "vitest";
import { hashToken, isWellFormedToken, newToken, safeEqual, sign, unsign } from "./tokens.server";

describe("one-time tokens", () => {
  it("are 256-bit URL-safe strings, different every time", () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(isWellFormedToken(a)).toBe(true);
    expect(newToken()).not.toBe(a);
  });

  it("are stored as SHA-256 hex, never as themselves", () => {
    const token = newToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashToken(token)).toBe(hash);
  });

  it("reject malformed values before any lookup", () => {
    for (const bad of [undefined, null, 42, "", "short", `${newToken()}x`, "<script>alert(1)</script>".padEnd(43, "a"), "a".repeat(42) + "="]) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });
});

describe("signed values", () => {
  const secret = "s".repeat(40);
  it("round-trip under the same secret", () => {
    expect(unsign(secret, sign(secret, "abc-123"))).toBe("abc-123");
  });
  it("fail under another secret or when altered", () => {
    const signed = sign(secret, "abc-123");
    expect(unsign("t".repeat(40), signed)).toBeNull();
    expect(unsign(secret, signed.replace("abc", "abd"))).toBeNull();
    expect(unsign(secret, "abc-123")).toBeNull();
    expect(unsign(secret, ".sig")).toBeNull();
  });
  it("compare safely whatever the lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
  });
});
