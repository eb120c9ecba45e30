import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { own, sessionFor } from "./support/roles";

/**
 * Issue 18's first journey: a department officer imports a support list for Đại Từ → the commune's public page
 * (no sign-in) shows the aggregates with its small groups hidden → the notice-board PDF downloads.
 */
const HEADER = "Chương trình,Dự án,Hình thức,Giá trị,Ngày,Xã/phường,Hợp tác xã,Người nhận,Mã hộ";
const list = [
  HEADER,
  // Six member households of HTX Chè Tân Cương Xanh in Đại Từ (TCX-017 … TCX-022) receive seedlings …
  'Giảm nghèo bền vững,Giống chè Kim Tuyên,Cây giống,"18.000.000",12/03/2026,Đại Từ,HTX Chè Tân Cương Xanh,Hộ,"TCX-017,TCX-018,TCX-019,TCX-020,TCX-021,TCX-022"',
  // … two of them are also trained (a group under 5: hidden) …
  'Giảm nghèo bền vững,Tập huấn chăm sóc chè,Tập huấn,"2.000.000",20/04/2026,Đại Từ,HTX Chè Tân Cương Xanh,Hộ,"TCX-017,TCX-018"',
  // … and the cooperative of Suối Kem gets a processing shed (cooperatives are named, with their money).
  'Nông thôn mới,Nhà sơ chế chè,Hạ tầng,"90.000.000",05/05/2026,Đại Từ,htx-che-suoi-kem-la-bang,HTX,',
].join("\r\n");

test("an officer imports a support list; the commune's public page shows it with small groups hidden, and prints", async ({ page, browser, baseURL }) => {
  // The province's page as an anonymous visitor sees it before: kept in the page cache.
  const anonymous = await browser.newContext({ baseURL });
  const provincePage = "/transparency/support?province=19&year=2026";
  const before = await (await anonymous.request.get(provincePage)).text();
  expect((await anonymous.request.get(provincePage)).headers()["etag"]).toBeTruthy();

  await signIn(page, demo.officer);
  await page.goto("/department/support/import");
  await page.locator("input[name=file]").setInputFiles({ name: "ho-tro-dai-tu-2026.csv", mimeType: "text/csv", buffer: Buffer.from("\uFEFF" + list + "\r\n") });
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("3 dòng: 3 hợp lệ, 0 bị từ chối");
  await expect(page.getByTestId("import-rows").locator("tr[data-ok=true]")).toHaveCount(3);
  await page.getByRole("button", { name: "Ghi 3 dòng" }).click();
  await expect(page.getByTestId("import-done")).toContainText("Đã ghi 3 khoản hỗ trợ");
  await page.goto("/department/support?commune=&year=2026");
  await expect(page.getByTestId("support-ledger")).toContainText("Nhà sơ chế chè");
  // The kept page follows the ledger within its one-second check: the direct support to cooperatives grew.
  await expect.poll(async () => (await anonymous.request.get(provincePage)).text(), { timeout: 5_000 }).not.toBe(before);
  // Infrastructure given to cooperatives in the province: the demo's 420 million road, and now the 90 million shed.
  expect(before).toContain('data-value="420000000"');
  expect(await (await anonymous.request.get(provincePage)).text()).toContain('data-value="510000000"');
  await anonymous.close();

  // The public page, as someone who never signed in; the filter form (no JavaScript needed) lands on the canonical address.
  const visitor = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: "vi-VN" });
  const pub = await visitor.newPage();
  await pub.goto("/transparency/support");
  await pub.getByLabel("Xã/phường", { exact: true }).selectOption({ label: "Đại Từ" });
  await pub.getByLabel("Năm", { exact: true }).selectOption("2026");
  await pub.getByRole("button", { name: "Xem" }).click();
  await expect(pub).toHaveURL(/\/transparency\/support\?province=19&commune=\d+&year=2026$/);
  await expect(pub.getByTestId("transparency-scope")).toContainText("Đại Từ");
  const byKind = pub.locator("[data-table=by-kind]");
  const row = (kind: string) => byKind.locator("tbody tr", { has: pub.getByRole("rowheader", { name: kind, exact: true }) });
  // The cooperative's processing shed: named support, shown in full.
  await expect(row("Hạ tầng").locator("td").nth(1)).toHaveAttribute("data-value", "90000000");
  // Two trained households: hidden; the seedlings' six would give them away beside the total, so one of them is hidden too.
  await expect(row("Tập huấn").locator("td").nth(2)).toHaveAttribute("data-value", "< 5");
  const seedlings = await row("Cây giống, con giống").locator("td").nth(2).getAttribute("data-value");
  const total = await byKind.locator("tfoot td").nth(2).getAttribute("data-value");
  expect([seedlings, total]).toContain("x");
  await expect(pub.locator("[data-table=cooperatives]")).toContainText("Hợp tác xã Chè Suối Kẹm La Bằng");
  await expect(pub.locator("[data-table=followed]")).toContainText("không phải bằng chứng");

  // The notice-board print: an A4 PDF.
  const href = await pub.getByTestId("transparency-pdf").getAttribute("href");
  const pdf = await pub.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  // And the table as CSV, with the same hidden cells.
  const csv = await pub.request.get((await byKind.locator("a[data-export=csv]").getAttribute("href"))!);
  expect(await csv.text()).toContain("< 5");
  await visitor.close();
});

test("the ledger answers each role as it should; household names stay with the cooperative's managers", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const officerOnly = { anonymous: 302, consumer: 403, officer: 200, admin: 200, ownManager: 403, ownStaff: 403, otherManager: 403 } as const;
  const anyMember = { anonymous: 302, consumer: 404, officer: 404, admin: 404, ownManager: 200, ownStaff: 200, otherManager: 404 } as const;
  const everyone = { anonymous: 200, consumer: 200, officer: 200, admin: 200, ownManager: 200, ownStaff: 200, otherManager: 200 } as const;
  const pages: [string, Record<string, number>][] = [
    ["/department/support", officerOnly],
    ["/department/support/import", officerOnly],
    [`/workspace/${own}/support`, anyMember],
    ["/transparency/support", everyone],
  ];
  const entry = {
    programme: "new_rural",
    project: "Ghi trái phép",
    kind: "cash",
    valueVnd: "1.000.000",
    givenOn: "2026-05-01",
    communeId: "1",
    beneficiary: "cooperative",
    organisationId: "00000000-0000-0000-0000-000000000000",
  };
  const failures: string[] = [];
  for (const who of ["anonymous", "consumer", "officer", "admin", "ownManager", "ownStaff", "otherManager"] as const) {
    const session = await sessionFor(browser, who, baseURL!);
    for (const [path, expected] of pages) {
      const status = (await session.request.get(path, { maxRedirects: 0 })).status();
      if (status !== expected[who]) failures.push(`${who} GET ${path}: ${status}, expected ${expected[who]}`);
    }
    // Writing the ledger is the department's: anyone else is refused before the form is read.
    if (who !== "officer" && who !== "admin") {
      const status = (await session.request.post("/department/support?index", { form: { csrf: session.csrf, ...entry }, maxRedirects: 0 })).status();
      const expected = who === "anonymous" ? 302 : 403;
      if (status !== expected) failures.push(`${who} POST /department/support: ${status}, expected ${expected}`);
    }
    if (who === "ownManager" || who === "ownStaff") {
      const html = await (await session.request.get(`/workspace/${own}/support`)).text();
      // The demo's seedlings went to TCX-001 … TCX-010: their codes and names are the managers' to see.
      const named = html.includes("TCX-001");
      if (named !== (who === "ownManager")) failures.push(`${who} sees household codes on the support page: ${named}`);
    }
    await session.close();
  }
  expect(failures).toEqual([]);
});

test("an officer records a revolving-fund repayment and corrects an entry, without JavaScript", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: "vi-VN" });
  const page = await context.newPage();
  await signIn(page, demo.officer);
  const open = async (project: string) => {
    await page.goto("/department/support?year=2026");
    await page.getByTestId("support-ledger").locator("tr", { hasText: project }).getByRole("link").click();
  };
  // The demo's revolving fund: 200 million, 80 million repaid.
  await open("Quỹ hỗ trợ sản xuất quay vòng");
  await expect(page.getByTestId("repaid")).toHaveText("Đã hoàn trả 80.000.000 ₫ trên 200.000.000 ₫");
  await page.getByLabel("Số tiền hoàn trả (đồng)").fill("130.000.000");
  await page.getByRole("button", { name: "Ghi hoàn trả" }).click();
  await expect(page.getByText("Số tiền vượt quá số còn phải hoàn trả.")).toBeVisible();
  await page.getByLabel("Số tiền hoàn trả (đồng)").fill("20.000.000");
  await page.getByRole("button", { name: "Ghi hoàn trả" }).click();
  await expect(page.getByTestId("repaid")).toHaveText("Đã hoàn trả 100.000.000 ₫ trên 200.000.000 ₫");

  // A correction is a new entry naming the old one; the old one stays, marked as corrected.
  await open("Phân bón hữu cơ vi sinh");
  const oldUrl = page.url();
  await page.getByLabel("Giá trị (đồng)").fill("16.000.000");
  // Too short a reason is refused by the server (the browser only insists on one).
  await page.getByLabel("Lý do điều chỉnh").fill("x");
  await page.getByRole("button", { name: "Ghi điều chỉnh" }).click();
  await expect(page.getByText("Nêu lý do điều chỉnh (3–500 ký tự).")).toBeVisible();
  await page.getByLabel("Lý do điều chỉnh").fill("Số lượng phân theo biên bản giao nhận");
  await page.getByRole("button", { name: "Ghi điều chỉnh" }).click();
  await expect(page).not.toHaveURL(oldUrl);
  await expect(page.getByTestId("support-entry")).toContainText("16.000.000");
  await expect(page.getByTestId("support-entry")).toContainText("Số lượng phân theo biên bản giao nhận");
  await page.goto(oldUrl);
  await expect(page.getByTestId("support-entry")).toContainText("Đã được điều chỉnh bởi");
  await expect(page.getByRole("button", { name: "Ghi điều chỉnh" })).toHaveCount(0);
  await context.close();
});
