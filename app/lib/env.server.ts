import { z } from "zod";

const postgresUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
    } catch {
      return false;
    }
  },
  { message: "is not a valid PostgreSQL URL (expected postgres://user:password@host:5432/database)" },
);

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"], {
    message: "must be true or false",
  })
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  },
  { message: "is not a valid http(s) URL" },
);

/** An http(s) origin only (no path, query or credentials), kept without a trailing slash. */
const publicOrigin = z
  .string()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (
          (url.protocol === "http:" || url.protocol === "https:") &&
          url.hostname !== "" &&
          url.pathname === "/" &&
          url.search === "" &&
          url.hash === "" &&
          url.username === "" &&
          url.password === ""
        );
      } catch {
        return false;
      }
    },
    { message: "must be the site's public http(s) address without a path, e.g. https://truyxuat.thainguyen.gov.vn" },
  )
  .transform((value) => new URL(value).origin);

const smtpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
    } catch {
      return false;
    }
  },
  { message: "is not a valid SMTP URL (expected smtp://user:password@host:587 or smtps://user:password@host:465)" },
);

/** An address, alone or with a display name: no@example.vn or "OCOP Trace <no@example.vn>". */
const mailFrom = z
  .string()
  .regex(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, {
    message: "must be an e-mail address, optionally with a name: OCOP Trace <no-reply@example.vn>",
  });

const envSchema = z.object({
  PORT: z.coerce
    .number({ message: "must be a whole number between 1 and 65535" })
    .int({ message: "must be a whole number between 1 and 65535" })
    .min(1, { message: "must be a whole number between 1 and 65535" })
    .max(65535, { message: "must be a whole number between 1 and 65535" })
    .default(3000),
  HOST: z.string().min(1, { message: "must not be empty" }).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined))
    .pipe(postgresUrl.optional()),
  DATA_DIR: z.string().min(1, { message: "must not be empty" }).default(".data/pglite"),
  /** Folder of uploaded photos and documents (local file storage). */
  UPLOAD_DIR: z.string().trim().min(1, { message: "must not be empty" }).default(".data/uploads"),
  /** Load demo data on the first start of an empty embedded database. */
  DEMO_SEED: flag.default(true),
  LOG_REQUESTS: flag.default(true),
  /** Signs session and CSRF cookies; when unset, one is generated and kept in the database. */
  SESSION_SECRET: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v : undefined))
    .pipe(z.string().min(32, { message: "must be at least 32 characters long" }).optional()),
  /** Stripe (card payments); without a secret key the card option is hidden. */
  STRIPE_SECRET_KEY: optionalText,
  /** Signs Stripe webhooks (whsec_…); required with STRIPE_SECRET_KEY. */
  STRIPE_WEBHOOK_SECRET: optionalText,
  /** Another Stripe API base (tests and local runs point the SDK at a fake), e.g. http://127.0.0.1:12111. */
  STRIPE_API_URL: optionalText.pipe(httpUrl.optional()),
  /** The one public address every absolute link is built from (app/lib/public-url.server.ts). */
  PUBLIC_URL: optionalText.pipe(publicOrigin.optional()),
  /** Mail server for outgoing mail (smtp:// or smtps://); without it mail stays in the outbox and goes to the log. */
  SMTP_URL: optionalText.pipe(smtpUrl.optional()),
  /** The From of outgoing mail, e.g. "OCOP Trace <no-reply@example.vn>"; required with SMTP_URL. */
  MAIL_FROM: optionalText.pipe(mailFrom.optional()),
  /** Heed a TLS-terminating proxy's X-Forwarded-Proto (Secure cookies, HSTS); off unless a proxy sits in front. */
  TRUST_PROXY: flag.default(false),
}).superRefine((env, ctx) => {
  if (env.SMTP_URL && !env.MAIL_FROM) {
    ctx.addIssue({ code: "custom", path: ["MAIL_FROM"], message: "must be set when SMTP_URL is set (e.g. OCOP Trace <no-reply@example.vn>)" });
  }
  if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
    ctx.addIssue({ code: "custom", path: ["STRIPE_WEBHOOK_SECRET"], message: "must be set when STRIPE_SECRET_KEY is set" });
  }
});

export type AppEnv = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment; a problem becomes one line per variable, never a stack trace. */
export function parseEnv(source: Record<string, string | undefined>): AppEnv {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  throw new ConfigError(`Configuration error: ${problems.join("; ")}`);
}
