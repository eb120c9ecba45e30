/**
 * A local fake of the few Stripe endpoints the app uses, spoken to through the official SDK
 * (`STRIPE_API_URL` → host/port/protocol). It validates form-encoded bodies the way Stripe does,
 * replays idempotent requests, hosts a payment page whose Pay button completes the session, and
 * signs webhooks with the SDK's own `generateTestHeaderString`.
 *
 *   POST /v1/checkout/sessions            (Idempotency-Key replay)
 *   GET  /v1/checkout/sessions/:id
 *   GET  /v1/checkout/sessions?created[gte]=…&limit=…&starting_after=…
 *   POST /v1/checkout/sessions/:id/expire
 *   POST /v1/refunds                      (Idempotency-Key replay)
 *   GET  /pay/:id, POST /pay/:id          the hosted payment page
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

export const FAKE_API_KEY = "sk_test_ocop_fake_0000000000000000";
export const FAKE_WEBHOOK_SECRET = "whsec_ocop_fake_000000000000000000000000";

type Params = { [key: string]: string | Params | Params[] | string[] };

export interface FakeSession {
  id: string;
  object: "checkout.session";
  mode: string;
  currency: string;
  amount_subtotal: number;
  amount_total: number;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  payment_intent: string | null;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  success_url: string;
  cancel_url: string | null;
  locale: string | null;
  created: number;
  expires_at: number;
  url: string | null;
  livemode: false;
  line_items_for_page: { name: string; quantity: number; unit_amount: number }[];
}

export interface FakeRefund {
  id: string;
  object: "refund";
  amount: number;
  currency: string;
  payment_intent: string;
  status: "succeeded";
  reason: string | null;
  metadata: Record<string, string>;
  created: number;
}

export interface FakeEvent {
  id: string;
  type: string;
  payload: string;
}

export interface StripeFakeOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where the hosted page delivers webhooks; none: events are only kept in `events`. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** The clock of the fake (tests move it). */
  now?: () => Date;
}

export interface StripeFake {
  url: string;
  port: number;
  sessions: Map<string, FakeSession>;
  refunds: Map<string, FakeRefund>;
  /** Every event the fake produced, in order. */
  events: FakeEvent[];
  /** Number of requests per "METHOD path" (path without query or ids). */
  requests: Map<string, number>;
  /** Completes an open session as if the buyer paid; returns its checkout.session.completed event. */
  pay(sessionId: string): Promise<FakeEvent>;
  /** Expires an open session (as Stripe does at expires_at); returns its checkout.session.expired event. */
  expire(sessionId: string): Promise<FakeEvent>;
  /**
   * A validly signed checkout.session.completed for a session as given, paid: another session of the
   * same account (not created by the app) or a real one with its amount or currency changed. The fake's
   * own sessions are not touched.
   */
  forgeCompleted(session: Partial<FakeSession> & Pick<FakeSession, "amount_total" | "currency">): Promise<FakeEvent>;
  /** A Stripe-Signature header for a payload, signed now (or at `timestamp`, seconds). */
  sign(payload: string, timestamp?: number, secret?: string): string;
  /** Env for the app (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

class StripeFakeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly param?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function id(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

/** Stripe's form encoding: `a[b][0][c]=v` → nested objects; numeric keys become array entries. */
export function parseStripeForm(body: string): Params {
  const root: Params = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = value;
  }
  return arraysFromIndexes(root) as Params;
}

function arraysFromIndexes(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => arraysFromIndexes(v));
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, arraysFromIndexes(v)]));
}

function str(params: Params, key: string, required: boolean): string | undefined {
  const v = params[key];
  if (v === undefined) {
    if (required) throw new StripeFakeError(400, "invalid_request_error", `Missing required param: ${key}.`, key, "parameter_missing");
    return undefined;
  }
  if (typeof v !== "string") throw new StripeFakeError(400, "invalid_request_error", `Invalid string: ${key}`, key);
  return v;
}

function int(params: Params, key: string, required: boolean, path = key): number | undefined {
  const v = str(params, key, required);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw new StripeFakeError(400, "invalid_request_error", `Invalid integer: ${v}`, path);
  return Number(v);
}

function record(params: Params, key: string): Record<string, string> {
  const v = params[key];
  if (v === undefined || v === "") return {};
  if (typeof v !== "object" || Array.isArray(v)) throw new StripeFakeError(400, "invalid_request_error", `Invalid hash: ${key}`, key);
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== "string") throw new StripeFakeError(400, "invalid_request_error", `Invalid metadata value for ${k}`, `${key}[${k}]`);
    if (k.length > 40 || value.length > 500) throw new StripeFakeError(400, "invalid_request_error", `Metadata too long: ${k}`, `${key}[${k}]`);
    out[k] = value;
  }
  return out;
}

const ZERO_DECIMAL = new Set(["vnd", "jpy", "krw"]);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function startStripeFake(options: StripeFakeOptions = {}): Promise<StripeFake> {
  const now = options.now ?? (() => new Date());
  const webhookSecret = options.webhookSecret ?? FAKE_WEBHOOK_SECRET;
  const sessions = new Map<string, FakeSession>();
  const refunds = new Map<string, FakeRefund>();
  const paymentIntents = new Map<string, { amount: number; refunded: number; currency: string }>();
  const idempotent = new Map<string, { fingerprint: string; status: number; body: string }>();
  const events: FakeEvent[] = [];
  const requests = new Map<string, number>();
  let base = "";

  const seconds = () => Math.floor(now().getTime() / 1000);

  function sign(payload: string, timestamp?: number, secret = webhookSecret): string {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp !== undefined ? { timestamp } : {}) });
  }

  function publicSession(s: FakeSession): Omit<FakeSession, "line_items_for_page"> {
    const { line_items_for_page: _lines, ...rest } = s;
    return rest;
  }

  async function emit(type: string, session: FakeSession): Promise<FakeEvent> {
    const event = {
      id: id("evt"),
      object: "event",
      api_version: "2026-10-28.endive",
      created: seconds(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object: publicSession(session) },
    };
    const record: FakeEvent = { id: event.id, type, payload: JSON.stringify(event) };
    events.push(record);
    if (options.webhookUrl) {
      const response = await fetch(options.webhookUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Stripe-Signature": sign(record.payload) },
        body: record.payload,
      });
      await response.text();
    }
    return record;
  }

  function createSession(params: Params): FakeSession {
    const mode = str(params, "mode", true)!;
    if (mode !== "payment") throw new StripeFakeError(400, "invalid_request_error", `This fake supports mode=payment only, got ${mode}`, "mode");
    const successUrl = str(params, "success_url", true)!;
    const cancelUrl = str(params, "cancel_url", false) ?? null;
    for (const [key, url] of [["success_url", successUrl], ["cancel_url", cancelUrl]] as const) {
      if (url !== null && !/^https?:\/\//.test(url)) throw new StripeFakeError(400, "invalid_request_error", `Not a valid URL`, key, "url_invalid");
    }
    const rawLines = params.line_items;
    if (!Array.isArray(rawLines) || rawLines.length === 0) {
      throw new StripeFakeError(400, "invalid_request_error", "line_items must contain at least one item in payment mode.", "line_items");
    }
    let currency = str(params, "currency", false)?.toLowerCase();
    const lines = (rawLines as Params[]).map((line, i) => {
      const quantity = int(line, "quantity", true, `line_items[${i}][quantity]`)!;
      if (quantity < 1) throw new StripeFakeError(400, "invalid_request_error", "Quantity must be at least 1", `line_items[${i}][quantity]`);
      const priceData = line.price_data;
      if (!priceData || typeof priceData !== "object" || Array.isArray(priceData)) {
        throw new StripeFakeError(400, "invalid_request_error", "This fake needs price_data on every line item.", `line_items[${i}][price_data]`);
      }
      const lineCurrency = str(priceData, "currency", true)!.toLowerCase();
      if (!/^[a-z]{3}$/.test(lineCurrency)) throw new StripeFakeError(400, "invalid_request_error", `Invalid currency: ${lineCurrency}`, `line_items[${i}][price_data][currency]`);
      if (currency && currency !== lineCurrency) throw new StripeFakeError(400, "invalid_request_error", "All line items must have the same currency.", `line_items[${i}][price_data][currency]`);
      currency = lineCurrency;
      const unitAmount = int(priceData, "unit_amount", true, `line_items[${i}][price_data][unit_amount]`)!;
      if (unitAmount < 0) throw new StripeFakeError(400, "invalid_request_error", "unit_amount must be at least 0", `line_items[${i}][price_data][unit_amount]`);
      const productData = priceData.product_data;
      const name = productData && typeof productData === "object" && !Array.isArray(productData) ? str(productData, "name", true) : undefined;
      if (!name) throw new StripeFakeError(400, "invalid_request_error", "Missing required param: product_data[name].", `line_items[${i}][price_data][product_data][name]`);
      return { name, quantity, unit_amount: unitAmount };
    });
    const amount = lines.reduce((sum, l) => sum + l.quantity * l.unit_amount, 0);
    if (currency && ZERO_DECIMAL.has(currency) && !Number.isSafeInteger(amount)) throw new StripeFakeError(400, "invalid_request_error", "Amount too large", "line_items");
    const created = seconds();
    const expiresAt = int(params, "expires_at", false) ?? created + 24 * 3600;
    if (expiresAt < created + 30 * 60 || expiresAt > created + 24 * 3600) {
      throw new StripeFakeError(
        400,
        "invalid_request_error",
        "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
        "expires_at",
      );
    }
    const session: FakeSession = {
      id: id("cs_test"),
      object: "checkout.session",
      mode,
      currency: currency!,
      amount_subtotal: amount,
      amount_total: amount,
      status: "open",
      payment_status: "unpaid",
      payment_intent: null,
      client_reference_id: str(params, "client_reference_id", false) ?? null,
      customer_email: str(params, "customer_email", false) ?? null,
      metadata: record(params, "metadata"),
      success_url: successUrl,
      cancel_url: cancelUrl,
      locale: str(params, "locale", false) ?? null,
      created,
      expires_at: expiresAt,
      url: null,
      livemode: false,
      line_items_for_page: lines,
    };
    session.url = `${base}/pay/${session.id}`;
    sessions.set(session.id, session);
    return session;
  }

  function createRefund(params: Params): FakeRefund {
    const pi = str(params, "payment_intent", false);
    if (!pi) throw new StripeFakeError(400, "invalid_request_error", "One of `charge` or `payment_intent` is required.", "payment_intent");
    const intent = paymentIntents.get(pi);
    if (!intent) throw new StripeFakeError(404, "invalid_request_error", `No such payment_intent: '${pi}'`, "payment_intent", "resource_missing");
    const left = intent.amount - intent.refunded;
    const amount = int(params, "amount", false) ?? left;
    if (amount < 1) throw new StripeFakeError(400, "invalid_request_error", "Refund amount must be positive", "amount");
    if (amount > left) {
      throw new StripeFakeError(400, "invalid_request_error", `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, "amount", "amount_too_large");
    }
    intent.refunded += amount;
    const refund: FakeRefund = {
      id: id("re"),
      object: "refund",
      amount,
      currency: intent.currency,
      payment_intent: pi,
      status: "succeeded",
      reason: str(params, "reason", false) ?? null,
      metadata: record(params, "metadata"),
      created: seconds(),
    };
    refunds.set(refund.id, refund);
    return refund;
  }

  function getSession(sessionId: string): FakeSession {
    const session = sessions.get(sessionId);
    if (!session) throw new StripeFakeError(404, "invalid_request_error", `No such checkout.session: '${sessionId}'`, "id", "resource_missing");
    return session;
  }

  async function pay(sessionId: string): Promise<FakeEvent> {
    const session = getSession(sessionId);
    if (session.status !== "open") throw new StripeFakeError(400, "invalid_request_error", `This Checkout Session is ${session.status}.`);
    session.status = "complete";
    session.payment_status = "paid";
    session.payment_intent = id("pi");
    paymentIntents.set(session.payment_intent, { amount: session.amount_total, refunded: 0, currency: session.currency });
    return emit("checkout.session.completed", session);
  }

  async function expire(sessionId: string): Promise<FakeEvent> {
    const session = getSession(sessionId);
    if (session.status !== "open") {
      throw new StripeFakeError(400, "invalid_request_error", `Only Checkout Sessions with a status of open can be expired; this one is ${session.status}.`);
    }
    session.status = "expired";
    return emit("checkout.session.expired", session);
  }

  function forgeCompleted(overrides: Partial<FakeSession> & Pick<FakeSession, "amount_total" | "currency">): Promise<FakeEvent> {
    const created = seconds();
    const session: FakeSession = {
      id: id("cs_test"),
      object: "checkout.session",
      mode: "payment",
      amount_subtotal: overrides.amount_total,
      status: "complete",
      payment_status: "paid",
      payment_intent: id("pi"),
      client_reference_id: null,
      customer_email: null,
      metadata: {},
      success_url: `${base}/elsewhere`,
      cancel_url: null,
      locale: null,
      created,
      expires_at: created + 24 * 3600,
      url: null,
      livemode: false,
      line_items_for_page: [],
      ...overrides,
    };
    return emit("checkout.session.completed", session);
  }

  function list(query: URLSearchParams) {
    const gte = query.get("created[gte]");
    const limit = Math.min(Math.max(Number(query.get("limit") ?? 10), 1), 100);
    const after = query.get("starting_after");
    // Newest first, as Stripe lists.
    let all = [...sessions.values()].filter((s) => gte === null || s.created >= Number(gte)).reverse();
    if (after) {
      const at = all.findIndex((s) => s.id === after);
      all = at >= 0 ? all.slice(at + 1) : [];
    }
    return { object: "list", url: "/v1/checkout/sessions", has_more: all.length > limit, data: all.slice(0, limit).map(publicSession) };
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "Content-Type": "application/json", "Request-Id": id("req"), ...headers });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const auth = req.headers.authorization ?? "";
    if (!/^Bearer sk_(test|live)_\S+$/.test(auth)) {
      throw new StripeFakeError(401, "invalid_request_error", "You did not provide a valid API key.");
    }
    const raw = req.method === "POST" ? await readBody(req) : "";
    if (req.method === "POST" && raw !== "" && !String(req.headers["content-type"]).startsWith("application/x-www-form-urlencoded")) {
      throw new StripeFakeError(400, "invalid_request_error", "Bodies must be application/x-www-form-urlencoded.");
    }
    const params = parseStripeForm(raw);
    const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
    const route = `${req.method} ${url.pathname}`;
    if (key && req.method === "POST") {
      const seen = idempotent.get(`${url.pathname}|${key}`);
      if (seen) {
        if (seen.fingerprint !== raw) {
          throw new StripeFakeError(
            400,
            "idempotency_error",
            "Keys for idempotent requests can only be used with the same parameters they were first used with.",
          );
        }
        send(res, seen.status, seen.body, { "Idempotent-Replayed": "true", "Idempotency-Key": key });
        return;
      }
    }
    let status = 200;
    let body: unknown;
    let m: RegExpMatchArray | null;
    if (route === "POST /v1/checkout/sessions") body = publicSession(createSession(params));
    else if (route === "GET /v1/checkout/sessions") body = list(url.searchParams);
    else if (req.method === "GET" && (m = url.pathname.match(/^\/v1\/checkout\/sessions\/([\w]+)$/))) body = publicSession(getSession(m[1]!));
    else if (req.method === "POST" && (m = url.pathname.match(/^\/v1\/checkout\/sessions\/([\w]+)\/expire$/))) {
      await expire(m[1]!);
      body = publicSession(getSession(m[1]!));
    } else if (route === "POST /v1/refunds") body = createRefund(params);
    else {
      status = 404;
      body = { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${url.pathname}).` } };
    }
    const text = JSON.stringify(body);
    if (key && req.method === "POST" && status === 200) idempotent.set(`${url.pathname}|${key}`, { fingerprint: raw, status, body: text });
    send(res, status, text);
  }

  async function page(req: IncomingMessage, res: ServerResponse, sessionId: string): Promise<void> {
    const session = sessions.get(sessionId);
    if (!session) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("No such session");
      return;
    }
    if (req.method === "POST") {
      await readBody(req);
      if (session.status === "open") await pay(session.id);
      res.writeHead(303, { Location: session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id) }).end();
      return;
    }
    const amount = new Intl.NumberFormat("vi-VN").format(session.amount_total);
    const rows = session.line_items_for_page
      .map((l) => `<li>${escapeHtml(l.name)} × ${l.quantity}</li>`)
      .join("");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe fake checkout</title></head><body>
<h1>Stripe fake checkout</h1><p>Session <code>${session.id}</code>: <strong data-testid="amount">${amount} ${session.currency.toUpperCase()}</strong> (${session.status})</p>
<ul>${rows}</ul>
${session.status === "open" ? `<form method="post"><button type="submit">Pay</button></form>` : ""}
${session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Back</a></p>` : ""}
</body></html>`);
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const counted = `${req.method} ${url.pathname.replace(/\/(cs_test|pi|re)_\w+/g, "/:id")}`;
    requests.set(counted, (requests.get(counted) ?? 0) + 1);
    const pageMatch = url.pathname.match(/^\/pay\/([\w]+)$/);
    const work = pageMatch ? page(req, res, pageMatch[1]!) : api(req, res, url);
    work.catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof StripeFakeError) {
        send(res, error.status, { error: { type: error.type, message: error.message, param: error.param, code: error.code } });
      } else {
        send(res, 500, { error: { type: "api_error", message: error instanceof Error ? error.message : String(error) } });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  // Never keeps a test process alive by itself.
  server.unref();
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    port,
    sessions,
    refunds,
    events,
    requests,
    pay,
    expire,
    forgeCompleted,
    sign,
    env: { STRIPE_SECRET_KEY: FAKE_API_KEY, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_URL: base },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
