import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { addToCart, orderNumberOf, placeOrder } from "./support/shop";

/**
 * Every page of the app, as the role that uses it, on a 390×844 phone: no page is wider than the screen (tables
 * scroll inside their own keyboard-reachable box) and axe-core finds nothing serious or critical. The list is
 * checked against app/routes, so a new page cannot be left out: give it a case below or name it as a non-page.
 */

const org = "htx-che-tan-cuong-xanh";
const ws = `/workspace/${org}`;

type Role = "anonymous" | "consumer" | "manager" | "officer" | "supervisor" | "admin";
const accounts: Record<Exclude<Role, "anonymous">, string> = {
  consumer: demo.consumer,
  manager: demo.tanCuongManager,
  officer: demo.officer,
  supervisor: demo.supervisor,
  admin: demo.admin,
};

/** The first link on `from` whose address matches `pattern` (for pages whose address holds an id). */
function firstLink(from: string, pattern: RegExp): (page: Page) => Promise<string> {
  return async (page) => {
    await page.goto(from);
    const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    const href = hrefs.find((h) => pattern.test(h));
    expect(href, `a link matching ${pattern} on ${from}`).toBeTruthy();
    return href!;
  };
}

interface PageCase {
  /** The route file (app/routes, without extension) this page is drawn by. */
  route: string;
  who: Role;
  /** The address, or how to find it. */
  path: string | ((page: Page) => Promise<string>);
  /** Shown in the test's name when a route has several cases. */
  note?: string;
  /** The status the page answers with (200 unless said). */
  status?: number;
}

const uuid = "[0-9a-f-]{36}";
const pages: PageCase[] = [
  // Public
  { route: "_index", who: "anonymous", path: "/" },
  { route: "shop._index", who: "anonymous", path: "/shop" },
  { route: "products.$slug", who: "anonymous", path: firstLink("/shop", /^\/products\/[^/?#]+$/) },
  { route: "cooperatives.$slug", who: "anonymous", path: `/cooperatives/${org}` },
  { route: "origin.$code.($serial)", who: "anonymous", path: firstLink("/products/che-tan-cuong-dac-biet", /^\/origin\/[^/?#]+$/) },
  { route: "cart", who: "anonymous", path: "/cart" },
  { route: "ocop.criteria.$setCode", who: "anonymous", path: "/ocop/criteria/beverage.tea" },
  { route: "ocop.criteria.$setCode", who: "anonymous", path: "/ocop/criteria/beverage.nothing", note: "an unknown set", status: 404 },
  {
    route: "checkout",
    who: "consumer",
    path: async (page) => {
      await addToCart(page, "che-tan-cuong-dac-biet", 1);
      return "/checkout";
    },
  },
  { route: "orders.lookup", who: "anonymous", path: "/orders/lookup" },
  { route: "reports.new", who: "anonymous", path: "/reports/new" },
  { route: "reports._index", who: "anonymous", path: "/reports" },
  { route: "reports.$reference", who: "anonymous", path: "/reports/PA-DEM0-0000-0001", note: "a demo case, answered and closed" },
  { route: "transparency.cases", who: "anonymous", path: "/transparency/cases" },
  { route: "recalls.$number", who: "anonymous", path: "/recalls/TH-2000-9999", note: "an unknown recall", status: 404 },
  { route: "ocop._index", who: "anonymous", path: "/ocop" },
  { route: "ocop.certificates.$number", who: "anonymous", path: "/ocop/certificates/TN-OCOP-2025-0112", note: "a demo certificate recorded and confirmed" },
  { route: "ocop.certificates.$number", who: "anonymous", path: "/ocop/certificates/OCOP-XX-1999-0001", note: "an unknown number", status: 404 },
  { route: "login", who: "anonymous", path: "/login" },
  { route: "signup", who: "anonymous", path: "/signup" },
  { route: "forgot-password", who: "anonymous", path: "/forgot-password" },
  { route: "reset-password", who: "anonymous", path: "/reset-password?token=not-a-token", note: "an unknown link" },
  { route: "invitations.accept", who: "anonymous", path: "/invitations/accept?token=not-a-token", note: "an unknown link" },
  { route: "$", who: "anonymous", path: "/no-such-page", status: 404 },
  { route: "transparency._index", who: "anonymous", path: "/transparency" },
  { route: "transparency.support._index", who: "anonymous", path: "/transparency/support" },
  { route: "transparency.support._index", who: "anonymous", path: "/transparency/support?province=19&programme=poverty_reduction&year=2026", note: "one programme" },
  // Consumer
  { route: "account", who: "consumer", path: "/account" },
  { route: "orders._index", who: "consumer", path: "/orders" },
  {
    route: "orders.$number",
    who: "consumer",
    note: "an order just placed",
    path: async (page) => {
      await addToCart(page, "che-tan-cuong-dac-biet", 1);
      await placeOrder(page, "Chuyển khoản ngân hàng (VietQR)");
      return `/orders/${await orderNumberOf(page)}`;
    },
  },
  { route: "logout", who: "consumer", path: "/logout" },
  // Cooperative manager
  { route: "workspace.$org._index", who: "manager", path: ws },
  { route: "workspace.$org.batches._index", who: "manager", path: `${ws}/batches` },
  { route: "workspace.$org.batches.new", who: "manager", path: `${ws}/batches/new` },
  { route: "workspace.$org.batches.$batchId", who: "manager", path: firstLink(`${ws}/batches`, new RegExp(`^${ws}/batches/${uuid}$`)) },
  {
    route: "workspace.$org.batches.$batchId",
    who: "manager",
    note: "with a step form open",
    path: async (page) => `${await firstLink(`${ws}/batches`, new RegExp(`^${ws}/batches/${uuid}$`))(page)}?step=inspecting`,
  },
  {
    route: "workspace.$org.batches.$batchId",
    who: "manager",
    note: "with a citizen's counterfeit report (demo lot TCDB2504-007)",
    path: async (page) => {
      await page.goto(`${ws}/batches`);
      const href = await page.getByRole("link", { name: "TCDB2504-007", exact: true }).first().getAttribute("href");
      expect(href).toMatch(new RegExp(`^${ws}/batches/${uuid}$`));
      return href!;
    },
  },
  {
    route: "workspace.$org.batches.$batchId_.trace",
    who: "manager",
    path: async (page) => `${await firstLink(`${ws}/batches`, new RegExp(`^${ws}/batches/${uuid}$`))(page)}/trace`,
  },
  {
    route: "workspace.$org.batches.$batchId_.labels",
    who: "manager",
    path: async (page) => `${await firstLink(`${ws}/batches`, new RegExp(`^${ws}/batches/${uuid}$`))(page)}/labels`,
  },
  {
    route: "workspace.$org.batches.$batchId_.recall",
    who: "manager",
    path: async (page) => `${await firstLink(`${ws}/batches`, new RegExp(`^${ws}/batches/${uuid}$`))(page)}/recall`,
  },
  { route: "workspace.$org.recalls.$number", who: "manager", path: `${ws}/recalls/TH-2000-9999`, note: "an unknown recall", status: 404 },
  { route: "workspace.$org.recalls._index", who: "manager", path: `${ws}/recalls` },
  { route: "workspace.$org.ocop._index", who: "manager", path: `${ws}/ocop` },
  { route: "workspace.$org.ocop.new", who: "manager", path: `${ws}/ocop/new` },
  { route: "workspace.$org.ocop.$applicationId", who: "manager", path: `${ws}/ocop/00000000-0000-4000-8000-000000000000`, note: "an unknown application", status: 404 },
  { route: "workspace.$org.products._index", who: "manager", path: `${ws}/products` },
  { route: "workspace.$org.products.new", who: "manager", path: `${ws}/products/new` },
  { route: "workspace.$org.products.$productId", who: "manager", path: firstLink(`${ws}/products`, new RegExp(`^${ws}/products/${uuid}$`)) },
  { route: "workspace.$org.listings", who: "manager", path: `${ws}/listings` },
  { route: "workspace.$org.cases._index", who: "manager", path: `${ws}/cases` },
  { route: "workspace.$org.cases.$caseId", who: "manager", path: firstLink(`${ws}/cases`, new RegExp(`^${ws}/cases/${uuid}$`)) },
  { route: "workspace.$org.orders._index", who: "manager", path: `${ws}/orders` },
  { route: "workspace.$org.orders.$reference", who: "manager", path: firstLink(`${ws}/orders`, new RegExp(`^${ws}/orders/[^/?#.]+$`)) },
  {
    route: "workspace.$org.orders.$reference_.packing-slip",
    who: "manager",
    path: async (page) => `${await firstLink(`${ws}/orders`, new RegExp(`^${ws}/orders/[^/?#.]+$`))(page)}/packing-slip`,
  },
  { route: "workspace.$org.households._index", who: "manager", path: `${ws}/households` },
  { route: "workspace.$org.households.$householdId", who: "manager", path: firstLink(`${ws}/households`, new RegExp(`^${ws}/households/${uuid}$`)) },
  { route: "workspace.$org.households.new", who: "manager", path: `${ws}/households/new` },
  { route: "workspace.$org.households.import", who: "manager", path: `${ws}/households/import` },
  { route: "workspace.$org.households.income", who: "manager", path: `${ws}/households/income` },
  { route: "workspace.$org.households.supplies", who: "manager", path: `${ws}/households/supplies` },
  { route: "workspace.$org.audit", who: "manager", path: `${ws}/audit` },
  { route: "workspace.$org.profile", who: "manager", path: `${ws}/profile` },
  { route: "workspace.$org.support", who: "manager", path: `${ws}/support` },
  // Department
  { route: "department._index", who: "officer", path: "/department" },
  { route: "department.market", who: "officer", path: "/department/market" },
  { route: "department.cases._index", who: "officer", path: "/department/cases" },
  { route: "department.cases.$caseId", who: "officer", path: firstLink("/department/cases", new RegExp(`^/department/cases/${uuid}$`)) },
  { route: "department.recalls._index", who: "officer", path: "/department/recalls" },
  { route: "department.ocop.certificates", who: "officer", path: "/department/ocop/certificates" },
  { route: "department.recalls.$number", who: "officer", path: "/department/recalls/TH-2000-9999", note: "an unknown recall", status: 404 },
  { route: "department.value-chains", who: "officer", path: "/department/value-chains" },
  { route: "department.households", who: "officer", path: "/department/households" },
  { route: "department.officers", who: "officer", path: "/department/officers" },
  { route: "department.support._index", who: "officer", path: "/department/support" },
  { route: "department.support.$entryId", who: "officer", path: firstLink("/department/support", new RegExp(`^/department/support/${uuid}$`)) },
  { route: "department.support.import", who: "officer", path: "/department/support/import" },
  { route: "department.trace._index", who: "officer", path: "/department/trace" },
  { route: "department.ocop.rounds._index", who: "officer", path: "/department/ocop/rounds" },
  {
    route: "department.ocop.rounds.$roundId",
    who: "officer",
    note: "a round just opened",
    path: async (page) => {
      await page.goto("/department/ocop/rounds");
      await page.getByLabel("Tên đợt").fill(`Đợt kiểm tra trang ${Date.now().toString(36)}`);
      await page.getByRole("button", { name: "Mở đợt đánh giá mới" }).click();
      await expect(page).toHaveURL(new RegExp(`/department/ocop/rounds/${uuid}$`));
      return new URL(page.url()).pathname;
    },
  },
  { route: "council._index", who: "consumer", path: "/council", note: "sitting on no council" },
  { route: "council.$roundId.$applicationId", who: "consumer", path: "/council/00000000-0000-4000-8000-000000000000/00000000-0000-4000-8000-000000000000", note: "a dossier of no round of theirs", status: 404 },
  { route: "department.ocop._index", who: "officer", path: "/department/ocop" },
  { route: "department.trace.$code", who: "officer", path: "/department/trace/BT2604-021" },
  { route: "department.trace.$code", who: "officer", path: "/department/trace/TCDB2504-007", note: "a lot with a citizen's counterfeit report" },
  // Supervisor (Fatherland Front): the same desk and case pages, read and comment only
  { route: "department.cases._index", who: "supervisor", path: "/department/cases", note: "as a supervisor" },
  {
    route: "department.cases.$caseId",
    who: "supervisor",
    note: "as a supervisor",
    path: firstLink("/department/cases", new RegExp(`^/department/cases/${uuid}$`)),
  },
  // Administrator
  { route: "admin.organisations", who: "admin", path: "/admin/organisations" },
  { route: "admin.ocop.criteria._index", who: "admin", path: "/admin/ocop/criteria" },
  { route: "admin.ocop.criteria._index", who: "officer", path: "/admin/ocop/criteria", note: "read only, as a department officer" },
  { route: "admin.ocop.criteria.$sheetId", who: "admin", path: firstLink("/admin/ocop/criteria", new RegExp(`^/admin/ocop/criteria/${uuid}$`)), note: "a published sheet" },
  { route: "admin.ocop.criteria.$sheetId", who: "admin", path: "/admin/ocop/criteria/00000000-0000-0000-0000-000000000000", note: "an unknown sheet", status: 404 },
  { route: "workspace._index", who: "admin", path: "/workspace" },
];

/** Route files that draw no page of their own: layouts, downloads, resolvers, webhooks and the API. */
const notPages: Record<string, string> = {
  "workspace.$org": "the workspace layout, drawn by every workspace page above",
  "01.$": "GS1 Digital Link resolver: redirects to an origin page",
  "t.$": "short-code resolver: redirects to an origin page",
  lang: "language switch: a POST that redirects",
  "uploads.$key": "uploaded files",
  "webhooks.stripe": "Stripe webhook",
  "api.epcis.batches.$id": "EPCIS JSON-LD API",
  "department.export": "XLSX download",
  "department.trace_.kde.$batchId": "KDE spreadsheet download",
  "workspace.$org.batches.$batchId_.trace_.kde": "KDE spreadsheet download",
  "department.report[.pdf]": "PDF download",
  "transparency.support[.pdf]": "notice-board PDF download",
  "transparency.support.export": "CSV/XLSX download",
  "department.recalls.$number_.report[.pdf]": "recall report PDF download (tests/e2e/recall-journey.spec.ts)",
  "workspace.$org.recalls.$number_.report[.pdf]": "recall report PDF download (tests/e2e/recall-journey.spec.ts)",
  "workspace.$org.orders[.csv]": "CSV download",
  "ocop.export": "register CSV/XLSX download (tests/e2e/ocop-register.spec.ts)",
  "ocop.certificates._index": "the check-a-number form's redirect to a certificate's page",
  "ocop.certificates.$number[.pdf]": "certificate PDF download (tests/e2e/ocop-register.spec.ts)",
  "department.ocop.rounds.$roundId_.minutes[.pdf]": "council minutes PDF download (tests/e2e/ocop-council.spec.ts)",
  "workspace.$org.batches.$batchId_.labels.$file": "label sheet PDF download",
};

test("every route file is a page visited below or a named non-page", () => {
  const dir = fileURLToPath(new URL("../../app/routes", import.meta.url));
  const routes = readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => f.replace(/\.tsx?$/, ""));
  const covered = new Set([...pages.map((p) => p.route), ...Object.keys(notPages)]);
  expect(routes.filter((r) => !covered.has(r)), "route files with no case in every-page.spec.ts").toEqual([]);
  expect([...covered].filter((r) => !routes.includes(r)), "cases naming a route file that is gone").toEqual([]);
});

/** Rules refused whatever their impact: each was found on these pages once (issue #15). */
const alwaysRefused = ["label-content-name-mismatch", "landmark-unique", "empty-table-header", "document-title", "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo", "landmark-no-duplicate-main", "duplicate-id", "duplicate-id-aria", "duplicate-id-active", "page-has-heading-one", "scrollable-region-focusable"];

const contexts = new Map<Role, Promise<BrowserContext>>();
function contextFor(browser: Browser, who: Role, baseURL: string): Promise<BrowserContext> {
  let context = contexts.get(who);
  if (!context) {
    context = (async () => {
      const c = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: "vi-VN" });
      if (who !== "anonymous") {
        const page = await c.newPage();
        await signIn(page, accounts[who]);
        await page.close();
      }
      return c;
    })();
    contexts.set(who, context);
  }
  return context;
}

test.afterAll(async () => {
  for (const c of contexts.values()) await (await c).close();
  contexts.clear();
});

for (const role of ["anonymous", "consumer", "manager", "officer", "supervisor", "admin"] as const) {
  test.describe(`as ${role} at 390×844`, () => {
    // One signed-in context per role, its pages in order in one worker; a failing page does not skip the rest.
    test.describe.configure({ mode: "default" });
    for (const c of pages.filter((p) => p.who === role)) {
      test(`${c.route}${c.note ? ` (${c.note})` : ""}`, async ({ browser, baseURL }) => {
        const context = await contextFor(browser, role, baseURL!);
        const page = await context.newPage();
        try {
          const path = typeof c.path === "string" ? c.path : await c.path(page);
          const response = await page.goto(path);
          expect(response?.status(), `status of ${path}`).toBe(c.status ?? 200);
          await expect(page).toHaveTitle(/\S/);

          const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
          const wide = width.scroll > width.inner
            ? await page.evaluate(() =>
                [...document.querySelectorAll("body *")]
                  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest(".table-wrap"))
                  .slice(0, 5)
                  .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} right=${Math.round(e.getBoundingClientRect().right)}`),
              )
            : [];
          expect.soft(width.scroll, `${path} is wider than the phone: ${wide.join(", ")}`).toBeLessThanOrEqual(width.inner);

          // A table that scrolls sideways does so inside its own box, which the keyboard can reach and which is named.
          const boxes = await page.locator(".table-wrap").evaluateAll((wraps) =>
            wraps.map((w) => ({
              tabindex: w.getAttribute("tabindex"),
              role: w.getAttribute("role"),
              named: Boolean(w.getAttribute("aria-label") || w.getAttribute("aria-labelledby")),
            })),
          );
          for (const box of boxes) expect.soft(box, `a .table-wrap on ${path}`).toEqual({ tabindex: "0", role: "region", named: true });

          // label-content-name-mismatch is experimental (off by default): a name that does not hold the words on screen
          // fails people who speak the words to their voice control (WCAG 2.5.3).
          const axe = await new AxeBuilder({ page }).options({ rules: { "label-content-name-mismatch": { enabled: true } } }).analyze();
          const bad = axe.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical" || alwaysRefused.includes(v.id))
            .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
          expect.soft(bad, `axe on ${path}`).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  });
}

/** Every workspace page has a title of its own. */
test("workspace pages have titles of their own", async ({ browser, baseURL }) => {
  const context = await contextFor(browser, "manager", baseURL!);
  const page = await context.newPage();
  const titles = new Map<string, string>();
  for (const path of [ws, `${ws}/batches`, `${ws}/products`, `${ws}/orders`, `${ws}/cases`, `${ws}/households`, `${ws}/audit`, `${ws}/profile`]) {
    await page.goto(path);
    titles.set(path, await page.title());
  }
  await page.close();
  expect(new Set(titles.values()).size, JSON.stringify([...titles])).toBe(titles.size);
});
