import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { expect, request as playwrightRequest, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { startServer } from "./support/server";

/*
 * A person's mistake never gets a 500 (issue #13 §9). Every POST form the app shows is found by crawling the pages
 * as each demo role; then each of its fields in turn gets every value of a corpus of bad input (the other fields
 * keep plausible values), six requests in flight, and no answer may be a server error or fail to come. Afterwards
 * the stopped server's database must hold none of the values a form has to refuse. Its own server and database:
 * the fuzz changes data the other journeys rely on.
 *
 * Both ways a browser submits a form are sent. Field by field, as the app's enhanced forms do with JavaScript (the
 * action's single-fetch request, `<path>.data`, where a thrown error is a 500 as well); and, for each bad value
 * that renders differently (empty, 100 KB, an impossible date, NUL, invalid UTF-8, emoji, markup), every field at
 * once as a plain HTML form post (the action, then the whole page rendered again with the values it refused). The
 * document post costs a full render per request; sending it per field and value would take this journey past ten
 * minutes on a busy two-core machine without reaching any more of the actions' code.
 *
 * Each form is sent from a request context of its own, started from the role's cookies after the crawl: a form
 * whose plausible values succeed and change the session (sign-up signs the new account in) cannot spoil the CSRF
 * token of the forms after it.
 *
 * Bounded on purpose, so it ends: every navigation and request has a 20 s limit (a page that does not load is
 * reported and skipped), the crawl visits each route pattern once and at most PAGES_PER_ROLE pages per role, and
 * it never follows links that end the session or start a download. (The journey's first version hung in the
 * consumer's turn: it clicked an add-to-cart button on /shop that does not exist — the form is on product pages,
 * its intent a hidden input — and a Playwright click has no time limit of its own, so it waited out the whole test.
 * Every step now has one, and the cart step fails at once, with its reason, if the button is not there.)
 */

/** The only form never sent: it ends the session the crawl and the fuzz run in. */
const NOT_FUZZED_ACTIONS = ["/logout"];
/** Links the crawl does not follow: sign-out (ends the session), downloads and machine endpoints (no forms). */
const SKIP_LINK = /^\/logout\b|\.(pdf|csv|xlsx|png|svg|json)$|\/labels\/|\/export\b|^\/uploads\/|^\/api\/|^\/webhooks\/|^\/t\/|^\/01\//;
const PAGES_PER_ROLE = 40;
const STEP_TIMEOUT = 20_000;
const IN_FLIGHT = 6;

const utf8 = (text: string) => Buffer.from(text, "utf8");

/** The bad values, as the bytes sent (so invalid UTF-8 can be one of them). */
const CORPUS: { label: string; bytes: Buffer; /** Also sent in every field at once as a document post. */ render?: true }[] = [
  { label: "empty", bytes: utf8(""), render: true },
  { label: "100 KB", bytes: utf8("x".repeat(100_000)), render: true },
  { label: "negative", bytes: utf8("-1") },
  { label: "huge", bytes: utf8("99999999999999999999999999") },
  { label: "NaN", bytes: utf8("NaN") },
  { label: "exponent", bytes: utf8("1e23") },
  { label: "comma decimal", bytes: utf8("85000,5") },
  { label: "impossible date", bytes: utf8("2026-13-01"), render: true },
  { label: "year 9999", bytes: utf8("9999-12-31") },
  { label: "NUL", bytes: utf8("a\u0000b"), render: true },
  { label: "invalid UTF-8", bytes: Buffer.from([0x61, 0xc3, 0x28, 0xff, 0xfe, 0x62]), render: true },
  { label: "emoji and combining marks", bytes: utf8("🍵👩‍🌾 e\u0301\u0301\u0301 \u0334\u0321\u031b"), render: true },
  { label: "markup", bytes: utf8(`"><script>alert(1)</script>`), render: true },
];

interface FoundField {
  name: string;
  type: string;
  value: string;
}
interface FoundForm {
  action: string;
  enctype: string;
  fields: FoundField[];
  /** The pressed button's name/value (intent), when the form has named buttons. */
  button: { name: string; value: string } | null;
}

/** Plausible values for fields a page leaves empty, so the fuzzed field is what gets judged. */
function plausible(field: FoundField): string {
  if (field.value) return field.value;
  switch (field.type) {
    case "date":
      return "2026-11-20";
    case "datetime-local":
      return "2026-11-20T08:30";
    case "number":
      return "1";
    case "email":
      return "fuzz@example.vn";
    case "tel":
      return "0912345678";
    case "password":
      return "mot-mat-khau-dai-2026";
    default:
      return "Fuzz";
  }
}

async function formsOn(page: Page): Promise<FoundForm[]> {
  return page.evaluate(() => {
    const out: FoundForm[] = [];
    for (const form of Array.from(document.querySelectorAll("form"))) {
      if ((form.getAttribute("method") ?? "get").toLowerCase() !== "post") continue;
      const fields: FoundField[] = [];
      const seen = new Set<string>();
      for (const el of Array.from(form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea"))) {
        if (!el.name || el.disabled) continue;
        const type = el instanceof HTMLInputElement ? el.type : el instanceof HTMLSelectElement ? "select" : "textarea";
        if (type === "submit" || type === "button" || type === "image" || type === "reset") continue;
        if ((type === "checkbox" || type === "radio") && !(el as HTMLInputElement).checked) {
          if (seen.has(el.name)) continue;
          if (type === "radio") {
            seen.add(el.name);
            fields.push({ name: el.name, type, value: (el as HTMLInputElement).value });
          }
          continue;
        }
        if (seen.has(el.name) && type !== "checkbox") continue;
        seen.add(el.name);
        let value = el.value;
        if (el instanceof HTMLSelectElement && !value) value = Array.from(el.options).find((o) => o.value)?.value ?? "";
        fields.push({ name: el.name, type, value });
      }
      const buttons = Array.from(form.querySelectorAll<HTMLButtonElement>("button[name], input[type=submit][name]"));
      const variants = buttons.length > 0 ? buttons.map((b) => ({ name: b.name, value: b.value })) : [null];
      for (const button of variants) {
        out.push({ action: new URL(form.getAttribute("action") ?? location.href, location.href).href, enctype: form.enctype, fields, button });
      }
    }
    return out;
  });
}

/** Same route, other ids: one of each is enough. */
function patternOf(url: string): string {
  const u = new URL(url);
  const segments = u.pathname.split("/");
  const path = segments
    // Ids and numbers; the slug of a public product or cooperative page (one of each has every form there is); the
    // organisation of a workspace page (the same form of another cooperative runs the same code).
    .map((s, i) =>
      /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(s) || /\d/.test(s) || (i === 2 && ["products", "cooperatives", "workspace"].includes(segments[1]!)) ? ":id" : s,
    )
    .join("/");
  return `${path}?${[...u.searchParams.keys()].sort().join("&")}`;
}

function formKey(form: FoundForm): string {
  return `${patternOf(form.action).split("?")[0]}|${form.fields.map((f) => f.name).join(",")}|${form.button?.name}=${form.button?.value}`;
}

interface CrawlReport {
  forms: FoundForm[];
  pages: number;
  /** Pages that did not load in time, or answered with a server error: reported, never waited on. */
  problems: string[];
}

async function crawl(page: Page, base: string, starts: string[], prefixes: string[]): Promise<CrawlReport> {
  const queue = starts.map((s) => `${base}${s}`);
  const visited = new Set<string>();
  const forms = new Map<string, FoundForm>();
  const problems: string[] = [];
  let pages = 0;
  while (queue.length > 0 && pages < PAGES_PER_ROLE) {
    const url = queue.shift()!;
    const pattern = patternOf(url);
    if (visited.has(pattern)) continue;
    visited.add(pattern);
    pages++;
    // The forms are in the server's HTML: no need to wait for scripts, images or fonts.
    const response = await page.goto(url, { timeout: STEP_TIMEOUT, waitUntil: "domcontentloaded" }).catch((error: unknown) => {
      problems.push(`${url}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      return null;
    });
    if (!response) continue;
    if (response.status() >= 500) problems.push(`${url}: answered ${response.status()}`);
    if (response.status() >= 400) continue;
    for (const form of await formsOn(page)) if (!forms.has(formKey(form))) forms.set(formKey(form), form);
    const links = await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const link of links) {
      const u = new URL(link);
      if (u.origin !== base || SKIP_LINK.test(u.pathname)) continue;
      if (!prefixes.some((p) => u.pathname.startsWith(p))) continue;
      u.hash = "";
      if (!visited.has(patternOf(u.href))) queue.push(u.href);
    }
  }
  return { forms: [...forms.values()], pages, problems };
}

/** application/x-www-form-urlencoded, every byte outside the unreserved set percent-encoded (as browsers do). */
function urlencoded(parts: [string, Buffer][]): Buffer {
  const encode = (bytes: Buffer) =>
    Array.from(bytes, (b) => (/[A-Za-z0-9*\-._]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : b === 0x20 ? "+" : `%${b.toString(16).toUpperCase().padStart(2, "0")}`)).join("");
  return Buffer.from(parts.map(([name, value]) => `${encode(utf8(name))}=${encode(value)}`).join("&"), "latin1");
}

/** multipart/form-data built by hand, so a text part can carry bytes that are not UTF-8; file inputs go empty. */
function multipart(parts: [string, Buffer][], fileFields: string[]): { body: Buffer; contentType: string } {
  const boundary = `----fuzz${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of parts) {
    chunks.push(utf8(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`), value, utf8("\r\n"));
  }
  for (const name of fileFields) {
    chunks.push(utf8(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n`));
  }
  chunks.push(utf8(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

interface Attempt {
  form: FoundForm;
  /** One field gets the bad value (single-fetch request), or every field does (null: document post). */
  field: FoundField | null;
  bad: (typeof CORPUS)[number];
}

/** The CSRF token is checked before any field by one helper: a wrong one is a 403 on every form alike. */
const fuzzable = (field: FoundField) => field.name !== "csrf" && field.type !== "file";

/**
 * Every (form, field, bad value) as one request to send, and every (form, bad value) with a field to spoil as one
 * document post. The pressed button's value (the intent) is a field too, fuzzed once per form and button name.
 */
function attemptsOf(forms: FoundForm[]): Attempt[] {
  const out: Attempt[] = [];
  const buttonsFuzzed = new Set<string>();
  for (const form of forms) {
    const fields = form.fields.filter(fuzzable);
    if (fields.length > 0) for (const bad of CORPUS.filter((b) => b.render)) out.push({ form, field: null, bad });
    if (form.button && !buttonsFuzzed.has(`${formKey({ ...form, button: null })}|${form.button.name}`)) {
      buttonsFuzzed.add(`${formKey({ ...form, button: null })}|${form.button.name}`);
      fields.push({ name: form.button.name, type: "submit", value: form.button.value });
    }
    for (const field of fields) for (const bad of CORPUS) out.push({ form, field, bad });
  }
  return out;
}

/** The URL of the action's single-fetch request (what Remix's <Form> posts when JavaScript runs). */
function singleFetchUrl(action: string): string {
  const u = new URL(action);
  u.pathname = u.pathname === "/" ? "/_root.data" : `${u.pathname.replace(/\/$/, "")}.data`;
  return u.href;
}

interface Failure {
  action: string;
  field: string;
  value: string;
  answer: string;
}

interface Tally {
  statuses: Map<number, number>;
  /** Milliseconds spent per form action pattern, to name the slow ones. */
  msByAction: Map<string, number>;
  /** The answers to text that is not UTF-8: the HTTP edge refuses it with 400 before any action reads it. */
  notUtf8Statuses: Set<number>;
  /** The answers per form, to name forms that refused every request before reading a field (403, 429). */
  statusesByForm: Map<string, Set<number>>;
}

async function fuzzForms(session: StorageState, base: string, attempts: Attempt[], tally: Tally): Promise<Failure[]> {
  const failures: Failure[] = [];
  const contexts = new Map<FoundForm, Promise<APIRequestContext>>();
  const requestFor = (form: FoundForm) => {
    if (!contexts.has(form)) contexts.set(form, playwrightRequest.newContext({ baseURL: base, storageState: session }));
    return contexts.get(form)!;
  };
  const send = async ({ form, field, bad }: Attempt) => {
    const request = await requestFor(form);
    const started = Date.now();
    const parts: [string, Buffer][] = form.fields
      .filter((f) => f.type !== "file")
      .map((f) => [f.name, (field === null ? fuzzable(f) : f.name === field.name) ? bad.bytes : utf8(plausible(f))]);
    if (form.button) parts.push([form.button.name, field?.name === form.button.name ? bad.bytes : utf8(form.button.value)]);
    const { body, contentType } =
      form.enctype === "multipart/form-data"
        ? multipart(parts, form.fields.filter((f) => f.type === "file").map((f) => f.name))
        : { body: urlencoded(parts), contentType: "application/x-www-form-urlencoded" };
    let answer: string | null = null;
    try {
      const response = await request.post(field === null ? form.action : singleFetchUrl(form.action), {
        data: body,
        headers: { "content-type": contentType, origin: base },
        maxRedirects: 0,
        timeout: STEP_TIMEOUT,
      });
      const status = response.status();
      tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
      if (bad.label === "invalid UTF-8") tally.notUtf8Statuses.add(status);
      else tally.statusesByForm.set(formKey(form), (tally.statusesByForm.get(formKey(form)) ?? new Set()).add(status));
      if (status >= 500) answer = String(status);
    } catch (error) {
      answer = `no answer: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
    }
    const action = `${patternOf(form.action)}${form.button ? ` ${form.button.value}` : ""}`;
    tally.msByAction.set(action, (tally.msByAction.get(action) ?? 0) + Date.now() - started);
    if (answer !== null) {
      const failure = { action: patternOf(form.action), field: field?.name ?? "(every field, document post)", value: bad.label, answer };
      failures.push(failure);
      // As it happens, so a run cut short still tells which fields failed.
      console.log(`fuzz failure: ${JSON.stringify(failure)}`);
    }
  };
  // A few in flight at once: the server interleaves them as it would real visitors.
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < attempts.length) await send(attempts[next++]!);
      }),
    );
  } finally {
    for (const context of contexts.values()) await (await context).dispose();
  }
  return failures;
}

interface Role {
  who: string | null;
  starts: string[];
  prefixes: string[];
}

const ROLES: Role[] = [
  {
    who: null,
    starts: ["/", "/login", "/signup", "/forgot-password", "/orders/lookup", "/shop"],
    prefixes: ["/login", "/signup", "/forgot-password", "/orders/lookup", "/cart", "/shop", "/products/", "/cooperatives/"],
  },
  { who: demo.consumer, starts: ["/shop", "/cart", "/checkout", "/orders"], prefixes: ["/shop", "/products/", "/cart", "/checkout", "/orders"] },
  { who: demo.tanCuongManager, starts: ["/workspace", "/workspace/htx-che-tan-cuong-xanh"], prefixes: ["/workspace"] },
  { who: demo.tanCuongStaff, starts: ["/workspace/htx-che-tan-cuong-xanh"], prefixes: ["/workspace"] },
  { who: demo.officer, starts: ["/department"], prefixes: ["/department"] },
  { who: demo.admin, starts: ["/admin/organisations"], prefixes: ["/admin"] },
  // The account page last: a fuzzed password that happens to be valid would change it.
  { who: demo.baoThaiManager, starts: ["/workspace/htx-nong-nghiep-bao-thai-dinh-hoa", "/account"], prefixes: ["/workspace", "/account"] },
];

test("bad input to every form, as each role that owns it, never gets a 500 and stores nothing", async ({ browser }) => {
  // About 3 minutes on this two-core machine when it is quiet, 5 to 6 when other work shares its cores.
  test.setTimeout(9 * 60_000);
  const parent = mkdtempSync(join(tmpdir(), "ocop-fuzz-"));
  const dataDir = join(parent, "data");
  // Its own data folder (not freshData): it is read after the server stops, to see what was stored.
  const server = await startServer({ env: { DATA_DIR: dataDir, UPLOAD_DIR: join(parent, "uploads"), DEMO_ACCOUNTS: "true" } });
  const base = server.baseURL;
  const contexts: BrowserContext[] = [];
  try {
    // Everyone signs in before any form is fuzzed: the fuzzed sign-in form spends the address's sign-in budget.
    const sessions: { role: Role; context: BrowserContext; page: Page }[] = [];
    for (const role of ROLES) {
      const context = await browser.newContext({ baseURL: base });
      contexts.push(context);
      context.setDefaultTimeout(STEP_TIMEOUT);
      context.setDefaultNavigationTimeout(STEP_TIMEOUT);
      const page = await context.newPage();
      if (role.who) await signIn(page, role.who, undefined, base);
      sessions.push({ role, context, page });
    }

    const failures: Failure[] = [];
    const problems: string[] = [];
    const fuzzed = new Set<string>();
    const tally: Tally = { statuses: new Map(), msByAction: new Map(), notUtf8Statuses: new Set(), statusesByForm: new Map() };
    for (const { role, context, page } of sessions) {
      const started = Date.now();
      if (role.who === demo.consumer) {
        // Something in the cart, so the checkout form is shown.
        await page.goto(`${base}/shop`, { waitUntil: "domcontentloaded" });
        await page.locator("a[href^='/products/']").first().click();
        await page.locator("form:has(input[name=intent][value=add]) button[type=submit]").first().click();
        await expect(page.locator("form:has(input[name=intent][value=add])").first()).toBeVisible();
      }
      const report = await crawl(page, base, role.starts, role.prefixes);
      problems.push(...report.problems);
      // A form another role already had (same action, same fields, same button) is not sent again.
      const forms = report.forms.filter((form) => {
        if (NOT_FUZZED_ACTIONS.includes(new URL(form.action).pathname) || fuzzed.has(formKey(form))) return false;
        fuzzed.add(formKey(form));
        return true;
      });
      const attempts = attemptsOf(forms);
      failures.push(...(await fuzzForms(await context.storageState(), base, attempts, tally)));
      console.log(
        `fuzz: ${role.who ?? "visitor"}: ${report.pages} pages, ${forms.length} new forms, ${attempts.length} requests, ${Math.round((Date.now() - started) / 1000)} s`,
      );
    }
    console.log(`fuzz: forms: ${[...fuzzed].sort().join("; ")}`);
    console.log(`fuzz: ${fuzzed.size} forms; answers by status: ${JSON.stringify(Object.fromEntries([...tally.statuses].sort()))}`);
    const slowest = [...tally.msByAction].sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.log(`fuzz: slowest forms (request-seconds): ${slowest.map(([action, ms]) => `${action} ${Math.round(ms / 1000)}`).join("; ")}`);
    for (const problem of problems) console.log(`fuzz: page problem: ${problem}`);
    const neverRead = [...tally.statusesByForm].filter(([, statuses]) => [...statuses].every((s) => s === 403 || s === 429));
    for (const [key, statuses] of neverRead) console.log(`fuzz: form refused every request (${[...statuses].join(", ")}): ${key}`);
    test.info().annotations.push({ type: "forms fuzzed", description: [...fuzzed].sort().join("\n") });
    for (const problem of problems) test.info().annotations.push({ type: "page problem", description: problem });

    expect(fuzzed.size, "the crawl found the app's forms").toBeGreaterThan(30);
    const log = server.stderr() + server.stdout();
    expect(failures, `${JSON.stringify(failures, null, 1)}\n--- server log ---\n${log.slice(-20_000)}`).toEqual([]);
    expect(problems.filter((p) => / answered 5\d\d$/.test(p)), "crawled pages answering a server error").toEqual([]);
    expect([...tally.notUtf8Statuses], "text that is not UTF-8 is refused as a bad request").toEqual([400]);

    // A cross-origin POST is refused as such, not a server error.
    const crossOrigin = await fetch(`${base}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: "email=a%40b.vn&password=x",
      redirect: "manual",
    });
    expect(crossOrigin.status).toBe(403);

    for (const context of contexts.splice(0)) await context.close();
    expect((await server.stop()).code).toBe(0);
    // Nothing refused got stored (or half-written by a refusal that did not roll back).
    expect(await storedBadValues(dataDir)).toEqual([]);
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await server.stop("SIGKILL");
    // FUZZ_KEEP_DATA=1 keeps the database for a look at what was stored.
    if (process.env.FUZZ_KEEP_DATA) console.log(`fuzz: data kept in ${dataDir}`);
    else rmSync(parent, { recursive: true, force: true });
  }
});

/**
 * Every column of the stopped server's database holding a corpus value that a form must refuse: free text past
 * the cap (the 100 KB value), U+FFFD (invalid UTF-8 stored as replacement characters), a date or time outside
 * 1900–2100, a number of 10^20 or more (the huge and exponent values).
 */
async function storedBadValues(dataDir: string): Promise<string[]> {
  const db = await PGlite.create(dataDir);
  try {
    const columns = await db.query<{ table_name: string; column_name: string; data_type: string }>(
      `select c.table_name, c.column_name, c.data_type from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
         and c.data_type in ('text', 'character varying', 'date', 'timestamp with time zone', 'timestamp without time zone',
                             'jsonb', 'numeric', 'bigint')`,
    );
    const found: string[] = [];
    for (const { table_name, column_name, data_type } of columns.rows) {
      const column = `"${column_name}"`;
      const text = data_type === "jsonb" ? `${column}::text` : column;
      const bad =
        data_type === "date" || data_type.startsWith("timestamp")
          ? `isfinite(${column}) and extract(year from ${column}) not between 1900 and 2100`
          : data_type === "numeric" || data_type === "bigint"
            ? `abs(${column}::numeric) >= 1e20`
            : `${text} like '%${"x".repeat(1000)}%' or strpos(${text}, U&'\\FFFD') > 0`;
      const { rows } = await db.query<{ n: number; sample: string | null }>(
        `select count(*)::int as n, left(min(${column}::text), 120) as sample from "${table_name}" where ${bad}`,
      );
      if (rows[0]!.n > 0) found.push(`${table_name}.${column_name}: ${rows[0]!.n} row(s), e.g. ${rows[0]!.sample}`);
    }
    return found;
  } finally {
    await db.close();
  }
}
