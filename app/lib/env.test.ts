import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("defaults to the embedded database on port 3000", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: ".data/pglite", DEMO_SEED: true });
    expect(env.DATABASE_URL).toBeUndefined();
  });
  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseEnv({ DATABASE_URL: "  " }).DATABASE_URL).toBeUndefined();
  });
  it("accepts a PostgreSQL URL", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u:p@db:5432/ocop" }).DATABASE_URL).toBe("postgres://u:p@db:5432/ocop");
  });
  it("names a malformed DATABASE_URL in one line without echoing it", () => {
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://secret@db/ocop" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Configuration error: DATABASE_URL is not a valid PostgreSQL URL/);
    expect(message).not.toContain("secret");
    expect(message).not.toContain("\n");
  });
  it("rejects a port that is not a port", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT must be a whole number/);
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT must be a whole number/);
  });
  it("reads flags", () => {
    expect(parseEnv({ DEMO_SEED: "false", LOG_REQUESTS: "0" })).toMatchObject({ DEMO_SEED: false, LOG_REQUESTS: false });
    expect(() => parseEnv({ DEMO_SEED: "maybe" })).toThrow(/DEMO_SEED must be true or false/);
  });
  it("reads the mail server and sender, and needs a sender with a server", () => {
    expect(parseEnv({}).SMTP_URL).toBeUndefined();
    expect(parseEnv({ SMTP_URL: "smtps://u:p@mail.example.vn:465", MAIL_FROM: "OCOP Trace <no-reply@example.vn>" })).toMatchObject({
      SMTP_URL: "smtps://u:p@mail.example.vn:465",
      MAIL_FROM: "OCOP Trace <no-reply@example.vn>",
    });
    expect(parseEnv({ SMTP_URL: "smtp://127.0.0.1:2525", MAIL_FROM: "no-reply@example.vn" }).MAIL_FROM).toBe("no-reply@example.vn");
    expect(() => parseEnv({ SMTP_URL: "smtp://127.0.0.1:2525" })).toThrow(/MAIL_FROM must be set when SMTP_URL is set/);
    expect(() => parseEnv({ SMTP_URL: "http://mail.example.vn", MAIL_FROM: "a@b.vn" })).toThrow(/SMTP_URL is not a valid SMTP URL/);
    expect(() => parseEnv({ SMTP_URL: "smtp://secret@", MAIL_FROM: "a@b.vn" })).toThrow(/SMTP_URL is not a valid SMTP URL/);
    expect(() => parseEnv({ SMTP_URL: "smtp://h:25", MAIL_FROM: "not an address" })).toThrow(/MAIL_FROM must be an e-mail address/);
    expect(() => parseEnv({ SMTP_URL: "smtp://h:25", MAIL_FROM: "x <a@b.vn>\r\nBcc: c@d.vn" })).toThrow(/MAIL_FROM/);
  });
});
