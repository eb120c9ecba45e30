import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "./password.server";

describe("password hashing (scrypt)", () => {
  it("encodes algorithm, parameters, salt and hash, and verifies the right password only", async () => {
    const encoded = await hashPassword("trà Tân Cương 2026");
    expect(encoded).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword("trà Tân Cương 2026", encoded)).toBe(true);
    expect(await verifyPassword("trà Tân Cương 2025", encoded)).toBe(false);
    expect(await verifyPassword("", encoded)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  it("treats composed and decomposed Vietnamese letters as the same password", async () => {
    const encoded = await hashPassword("Chè".normalize("NFC"));
    expect(await verifyPassword("Chè".normalize("NFD"), encoded)).toBe(true);
  });

  it("never matches a malformed or tampered hash, nor asks for absurd memory", async () => {
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "plain-text-password")).toBe(false);
    expect(await verifyPassword("x", "$scrypt$ln=30,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).toBe(false);
    const encoded = await hashPassword("secret-password");
    const tampered = encoded.slice(0, -2) + (encoded.endsWith("AA") ? "BB" : "AA");
    expect(await verifyPassword("secret-password", tampered)).toBe(false);
  });

  it("asks for a rehash when parameters are weaker than today's", async () => {
    expect(needsRehash(await hashPassword("p4ssword!", { logN: 12, r: 8, p: 1 }))).toBe(true);
    expect(needsRehash(await hashPassword("p4ssword!"))).toBe(false);
    expect(needsRehash("garbage")).toBe(true);
  });
});
