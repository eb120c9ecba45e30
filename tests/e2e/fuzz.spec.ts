import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { freePort, startServer } from "./support/server";

/*
 * A person's mistake never gets a 500. Every POST form the app shows, to each role that owns it, is found by
 * crawling the pages as that role; then each of its fields in turn gets every value of a corpus of bad input
 * (the other fields keep plausible values) and the answer must not be a server error. Its own server and
 * database: the fuzz changes data the other journeys rely on.
 */

// Set once the server has its port; the crawl keeps to this origin.
let base = "";

const CORPUS: { label: string; raw: string }[] = [
  { label: "empty", raw: "" },
  { label: "spaces", raw: "   " },
  { label: "100 KB", raw: encodeURIComponent("x".repeat(100_000)) },
  { label: "negative", raw: "-1" },
  { label: "huge", raw: "99999999999999999999999999" },
  { label: "NaN", raw: "NaN" },
  { label: "exponent", raw: "1e23" },
  { label: "comma decimal", raw: encodeURIComponent("85000,5") },
  { label: "impossible date", raw: "2026-13-01" },
  { label: "year 9999", raw: "9999-12-31" },
  { label: "word", raw: "abc" },
  { label: "NUL", raw: "a%00b" },
  { label: "invalid UTF-8", raw: "%C3%28%FF%FE" },
  { label: "emoji and combining marks", raw: encodeURIComponent("🍵👩‍🌾 e\u0301\u0301\u0301 ̴̡̛") },
  { label: "markup", raw: encodeURIComponent(`"><script>alert(1)</script>`) },
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
  const path = u.pathname
    .split("/")
    .map((s) => (/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(s) || /\d/.test(s) ? ":id" : s))
    .join("/");
  return `${path}?${[...u.searchParams.keys()].sort().join("&")}`;
}

const SKIP_LINK = /\/logout|\.pdf|\.csv|\.xlsx|\.png|\.svg|\/export|\/uploads\/|\/labels\.|\/api\/|\/webhooks\//;

async function crawl(page: Page, starts: string[], prefixes: string[], maxPages = 45): Promise<FoundForm[]> {
  const queue = [...starts];
  const visitedPatterns = new Map<string, number>();
  const forms = new Map<string, FoundForm>();
  let pages = 0;
  while (queue.length > 0 && pages < maxPages) {
    const url = queue.shift()!;
    const pattern = patternOf(url);
    const seen = visitedPatterns.get(pattern) ?? 0;
    if (seen >= 1) continue;
    visitedPatterns.set(pattern, seen + 1);
    // A page that never finishes loading (or a link that starts a download) is skipped, not waited on forever.
    const response = await page.goto(url, { timeout: 20_000 }).catch((error: unknown) => {
      console.log(`fuzz: crawl skipped ${url}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      return null;
    });
    pages++;
    if (!response || response.status() >= 400) continue;
    for (const form of await formsOn(page)) {
      const key = `${patternOf(form.action).split("?")[0]}|${form.fields.map((f) => f.name).join(",")}|${form.button?.name}=${form.button?.value}`;
      if (!forms.has(key)) forms.set(key, form);
    }
    const links = await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const link of links) {
      const u = new URL(link);
      if (u.origin !== base || SKIP_LINK.test(u.pathname)) continue;
      if (!prefixes.some((p) => u.pathname.startsWith(p))) continue;
      u.hash = "";
      queue.push(u.href);
    }
  }
  return [...forms.values()];
}

function urlencodedBody(form: FoundForm, fuzzed: string | null, raw: string): string {
  const parts: string[] = [];
  for (const field of form.fields) {
    const value = field.name === fuzzed ? raw : encodeURIComponent(plausible(field));
    parts.push(`${encodeURIComponent(field.name)}=${value}`);
  }
  if (form.button) parts.push(`${encodeURIComponent(form.button.name)}=${encodeURIComponent(form.button.value)}`);
  return parts.join("&");
}

interface Failure {
  action: string;
  field: string;
  value: string;
  status: number;
}

/** Every (form, field, bad value) as one request to send. */
function attemptsOf(forms: FoundForm[]): { form: FoundForm; field: FoundField; bad: (typeof CORPUS)[number] }[] {
  const out: { form: FoundForm; field: FoundField; bad: (typeof CORPUS)[number] }[] = [];
  for (const form of forms) {
    if (new URL(form.action).pathname === "/logout") continue;
    for (const field of form.fields) {
      if (field.name === "csrf" || field.type === "file") continue;
      for (const bad of CORPUS) {
        if (form.enctype === "multipart/form-data" && bad.label === "invalid UTF-8") continue;
        out.push({ form, field, bad });
      }
    }
  }
  return out;
}

async function fuzzForms(request: APIRequestContext, forms: FoundForm[]): Promise<Failure[]> {
  const failures: Failure[] = [];
  const attempts = attemptsOf(forms);
  // A few in flight at once: the server interleaves them as it would real visitors.
  const send = async ({ form, field, bad }: (typeof attempts)[number]) => {
    let status: number;
    if (form.enctype === "multipart/form-data") {
      const multipart: Record<string, string> = {};
      for (const f of form.fields) if (f.type !== "file") multipart[f.name] = f.name === field.name ? decodeURIComponent(bad.raw) : plausible(f);
      if (form.button) multipart[form.button.name] = form.button.value;
      status = (await request.post(form.action, { multipart, headers: { origin: base }, maxRedirects: 0 })).status();
    } else {
      status = (
        await request.post(form.action, {
          data: urlencodedBody(form, field.name, bad.raw),
          headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
          maxRedirects: 0,
        })
      ).status();
    }
    if (status >= 500) {
      const failure = { action: patternOf(form.action), field: field.name, value: bad.label, status };
      failures.push(failure);
      // As it happens, so a run cut short still tells which fields failed.
      console.log(`fuzz 5xx: ${JSON.stringify(failure)}`);
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < attempts.length) await send(attempts[next++]!);
    }),
  );
  return failures;
}

test.describe.configure({ mode: "serial" });

test("bad input to every form, as each role that owns it, never gets a 500", async ({ browser }) => {
  test.setTimeout(15 * 60_000);
  const parent = mkdtempSync(join(tmpdir(), "ocop-fuzz-"));
  const dataDir = join(parent, "data");
  // Its own data folder (not freshData): it is read after the server stops, to see what was stored.
  const server = await startServer({
    port: await freePort(),
    env: { DATA_DIR: dataDir, UPLOAD_DIR: join(parent, "uploads"), DEMO_ACCOUNTS: "true" },
  });
  base = server.baseURL;
  try {
    const roles: { who: string | null; starts: string[]; prefixes: string[] }[] = [
      { who: null, starts: ["/login", "/signup", "/forgot-password", "/reset-password?token=x", "/orders/lookup", "/shop", "/"], prefixes: ["/login", "/signup", "/forgot-password", "/orders/lookup", "/cart", "/shop", "/products/"] },
      { who: demo.tanCuongManager, starts: ["/workspace/htx-che-tan-cuong-xanh"], prefixes: ["/workspace/htx-che-tan-cuong-xanh"] },
      { who: demo.admin, starts: ["/admin/organisations"], prefixes: ["/admin"] },
      { who: demo.consumer, starts: ["/shop", "/cart", "/checkout", "/orders"], prefixes: ["/shop", "/products/", "/cart", "/checkout", "/orders"] },
      // The account page last: a fuzzed password that happens to be valid changes it.
      { who: demo.baoThaiManager, starts: ["/account"], prefixes: ["/account"] },
    ];
    const failures: Failure[] = [];
    const fuzzed = new Set<string>();
    let formsTried = 0;
    for (const role of roles) {
      const context = await browser.newContext({ baseURL: base });
      const page = await context.newPage();
      if (role.who) await signIn(page, role.who, undefined, base);
      if (role.who === demo.consumer) {
        // Something in the cart, so the checkout form is shown.
        await page.goto(`${base}/shop`);
        await page.locator("form:has(button[name=intent][value=add]) button[type=submit]").first().click().catch(() => {});
      }
      // A form another role already had (same action, same fields, same button) is not sent again.
      const forms = (await crawl(page, role.starts.map((s) => `${base}${s}`), role.prefixes)).filter((form) => {
        const key = `${patternOf(form.action)}|${form.fields.map((f) => f.name).join(",")}|${form.button?.name}=${form.button?.value}`;
        if (fuzzed.has(key)) return false;
        fuzzed.add(key);
        return true;
      });
      formsTried += forms.length;
      const started = Date.now();
      failures.push(...(await fuzzForms(context.request, forms)));
      console.log(`fuzz: ${role.who ?? "visitor"}: ${forms.length} forms, ${attemptsOf(forms).length} requests, ${Math.round((Date.now() - started) / 1000)} s`);
      await context.close();
    }
    expect(formsTried, "the crawl found the app's forms").toBeGreaterThan(20);
    const causes = server.stderr() + server.stdout();
    expect(failures, `${JSON.stringify(failures, null, 1)}\n--- server log ---\n${causes.slice(-20_000)}`).toEqual([]);

    // A cross-origin POST is refused as such, not a server error.
    const crossOrigin = await fetch(`${base}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: "email=a%40b.vn&password=x",
      redirect: "manual",
    });
    expect(crossOrigin.status).toBe(403);
    expect((await server.stop()).code).toBe(0);

    // Nothing half-written: no bad value of the corpus got stored anywhere. Free text is capped far below 100 KB,
    // and no date or time is outside 1900–2100, so a row holding either came from a request that should have been
    // refused (or from a refusal that did not roll back what it had written).
    expect(await storedBadValues(dataDir)).toEqual([]);
  } finally {
    await server.stop("SIGKILL");
    rmSync(parent, { recursive: true, force: true });
  }
});

/** Every column of the stopped server's database that holds a fuzz value a form should have refused. */
async function storedBadValues(dataDir: string): Promise<string[]> {
  const db = await PGlite.create(dataDir);
  try {
    const columns = await db.query<{ table_name: string; column_name: string; data_type: string }>(
      `select c.table_name, c.column_name, c.data_type from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
         and c.data_type in ('text', 'character varying', 'date', 'timestamp with time zone', 'timestamp without time zone', 'jsonb')`,
    );
    const found: string[] = [];
    for (const { table_name, column_name, data_type } of columns.rows) {
      const column = `"${column_name}"`;
      const bad =
        data_type === "date" || data_type.startsWith("timestamp")
          ? `extract(year from ${column}) not between 1900 and 2100`
          : data_type === "jsonb"
            ? `${column}::text like '%${"x".repeat(1000)}%' or ${column}::text like '%9999-12-31%'`
            : `${column} like '%${"x".repeat(1000)}%'`;
      const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from "${table_name}" where ${bad}`);
      if (rows[0]!.n > 0) found.push(`${table_name}.${column_name}: ${rows[0]!.n} row(s)`);
    }
    return found;
  } finally {
    await db.close();
  }
}
