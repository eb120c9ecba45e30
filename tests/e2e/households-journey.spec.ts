import { expect, test, type Page } from "@playwright/test";
import { encodeWindows1258, csvText, householdHeader } from "../setup/household-import-fixtures";
import { slugify } from "../../app/lib/slug";
import { demo, signIn } from "./support/auth";

const coop = "htx-che-tan-cuong-xanh";
const ws = `/workspace/${coop}`;

/** Local time in Vietnam, `minutesAgo` minutes ago, as a datetime-local value. */
const vietnamTime = (minutesAgo: number) => new Date(Date.now() + 7 * 3_600_000 - minutesAgo * 60_000).toISOString().slice(0, 16);

async function upload(page: Page, kind: string, name: string, bytes: Uint8Array, check = "Kiểm tra") {
  await page.goto(`${ws}/households/import`);
  await page.locator("select[name=kind]").selectOption(kind);
  await page.locator("input[name=file]").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(bytes) });
  await page.getByRole("button", { name: check, exact: true }).click();
}

test("households supply a raw lot, it is processed and sold, and each household sees its attributed income while the department cannot", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const suffix = Date.now().toString(36).toUpperCase().slice(-5);
  const households = [
    { code: `J${suffix}-1`, name: `Nguyễn Thị Mận ${suffix}`, kg: "30", paid: "300000", share: "120.000" },
    { code: `J${suffix}-2`, name: `Đặng Văn Đào ${suffix}`, kg: "20", paid: "200000", share: "80.000" },
    { code: `J${suffix}-3`, name: `Lý Thị Lê ${suffix}`, kg: "10", paid: "100000", share: "40.000" },
  ];
  await signIn(page, demo.tanCuongManager);
  // The manager finds the households through the workspace's own menu.
  await page.goto(ws);
  await page.getByRole("navigation").getByRole("link", { name: "Hộ thành viên", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${ws}/households$`));

  // A spreadsheet with mistakes: every bad row says why, in Vietnamese, and nothing can be written.
  const badFile = encodeWindows1258(
    csvText([
      householdHeader,
      [`B${suffix}-1`, "Hà Văn Sai", "Nam", "4", "Kinh", "Xã Không Có", "", "15/01/2020", "", ""],
      [`B${suffix}-2`, "Hà Văn Âm", "Nam", "4", "Tày", "Tân Cương", "", "31/02/2020", "2020", "-5.000.000"],
    ]),
  );
  await upload(page, "households", "sai.csv", badFile);
  const rows = page.getByTestId("import-rows");
  await expect(page.getByTestId("import-summary")).toContainText("2 dòng: 0 hợp lệ, 2 bị từ chối.");
  await expect(page.getByTestId("import-summary")).toContainText("WINDOWS-1258");
  await expect(rows.locator("tr[data-row='2']")).toContainText('Không có xã/phường "Xã Không Có" trong tỉnh.');
  await expect(rows.locator("tr[data-row='3']")).toContainText('Ngày "31/02/2020" không đọc được');
  await expect(rows.locator("tr[data-row='3']")).toContainText("Số tiền không được âm.");
  await expect(page.getByRole("button", { name: /^Ghi \d+ dòng$/ })).toHaveCount(0);
  // The same reasons in English for a manager reading the site in English.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await upload(page, "households", "sai.csv", badFile, "Check");
  await expect(rows.locator("tr[data-row='2']")).toContainText('No commune or ward "Xã Không Có" in the province.');
  await expect(rows.locator("tr[data-row='3']")).toContainText("Amounts cannot be negative.");
  await page.getByRole("button", { name: "Tiếng Việt" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");

  // The three households come from a Windows-1258 CSV: preview, confirm; the same file again changes nothing.
  const file = encodeWindows1258(
    csvText([householdHeader, ...households.map((h, i) => [h.code, h.name, i === 1 ? "Nam" : "Nữ", "4", i === 2 ? "Dao" : "Sán Dìu", "Tân Cương", "Xóm Hồng Thái 2", "15/01/2020", "2020", "18.000.000"])]),
  );
  await upload(page, "households", "ho-thanh-vien.csv", file);
  await expect(page.getByTestId("import-summary")).toContainText("3 dòng: 3 hợp lệ, 0 bị từ chối.");
  await expect(rows).toContainText(households[1]!.name);
  await page.getByRole("button", { name: "Ghi 3 dòng" }).click();
  await expect(page.getByTestId("import-done")).toHaveText(/Đã ghi: 3 dòng mới, 0 cập nhật, 0 không đổi\./);
  await upload(page, "households", "ho-thanh-vien.csv", file);
  await expect(rows.locator("tbody tr")).toHaveCount(3);
  for (const row of await rows.locator("tbody tr").all()) await expect(row).toContainText("Không đổi (đã có)");
  await page.getByRole("button", { name: "Ghi 3 dòng" }).click();
  await expect(page.getByTestId("import-done")).toHaveText(/Đã ghi: 0 dòng mới, 0 cập nhật, 3 không đổi\./);

  // Three deliveries from the form: the first opens a raw lot, the other two feed it.
  const rawLot = `HH${suffix}`;
  for (const [i, h] of households.entries()) {
    await page.goto(`${ws}/households/supplies`);
    const form = page.locator("form", { has: page.locator("input[name=intent][value=supply]") });
    await form.locator("select[name=householdId]").selectOption({ label: `${h.code} · ${h.name}` });
    await form.locator("[name=reference]").fill(`PN-${suffix}-${i + 1}`);
    if (i === 0) {
      await form.locator("input[name=mode][value=new]").check();
      await form.locator("select[name=productId]").selectOption({ label: "Chè búp tươi Tân Cương" });
      await form.locator("[name=lotCode]").fill(rawLot);
    } else {
      await form.locator("input[name=mode][value=existing]").check();
      await form.locator("select[name=batchId]").selectOption({ label: `${rawLot} · Chè búp tươi Tân Cương` });
    }
    await form.locator("[name=quantity]").fill(h.kg);
    await form.locator("[name=pricePaidVnd]").fill(h.paid);
    await form.getByRole("button", { name: "Ghi phiếu giao nông sản" }).click();
    await expect(page.getByText(`Đã ghi phiếu giao PN-${suffix}-${i + 1}.`)).toBeVisible();
  }

  // Each delivery into the open lot is a receiving step on the lot's timeline.
  await page.goto(`${ws}/batches`);
  await page.getByRole("link", { name: rawLot, exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 2 })).toContainText(rawLot);
  const received = page.getByTestId("timeline").locator("li").filter({ hasText: "Tiếp nhận" });
  await expect(received).toHaveCount(households.length - 1);
  await expect(received.first()).toContainText(`PN-${suffix}-2`);
  await expect(received.first()).toContainText("Số phiếu giao hàng của hộ");

  // A finished product and its lot, made from the whole raw lot.
  const productName = `Chè hộ liên kết ${suffix}`;
  await page.goto(`${ws}/products/new`);
  for (const [name, value] of Object.entries({ nameVi: productName, unitVi: "gói", unitEn: "pack", priceVnd: "120000" })) await page.locator(`[name=${name}]`).fill(value);
  await page.locator("select[name=category]").selectOption("tea");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Đã lưu sản phẩm.")).toBeVisible();

  const finishedLot = `TP${suffix}`;
  await page.goto(`${ws}/batches/new`);
  await page.locator("select[name=productId]").selectOption({ label: productName });
  await page.locator("[name=lotCode]").fill(finishedLot);
  await page.locator("[name=quantity]").fill("20");
  await page.locator("select[name=uom]").selectOption("H87");
  await page.locator("[name=producedOn]").fill(vietnamTime(0).slice(0, 10));
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 2 })).toContainText(finishedLot);
  const processing = page.getByTestId("processing-form");
  await processing.locator("[name=process]").fill("làm héo, diệt men, vò, sao");
  await processing.locator("[name=eventTime]").fill(vietnamTime(10));
  const option = await processing.locator("#input-lot-0 option", { hasText: rawLot }).getAttribute("value");
  await processing.locator("#input-lot-0").selectOption(option!);
  await processing.locator("#input-quantity-0").fill("60");
  await processing.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Đã ghi vào nhật ký.")).toBeVisible();
  await expect(page.getByTestId("lineage-inputs")).toContainText(rawLot);

  // Listed in the shop, with the finished lot's units on sale.
  await page.goto(`${ws}/listings`);
  const listing = page.getByTestId("listing").filter({ hasText: productName });
  await listing.locator("input[name=priceVnd]").fill("120000");
  await listing.locator(`tr[data-lot='${finishedLot}'] input[name^='units.']`).fill("20");
  await listing.getByTestId("listing-form").getByRole("button", { name: "Đăng bán" }).click();
  await expect(page.getByTestId("listing").filter({ hasText: productName }).locator(`tr[data-lot='${finishedLot}'] [data-testid=units-available]`)).toHaveText("20");

  // A guest buys two packs, cash on delivery.
  const guest = await browser.newContext();
  const shopper = await guest.newPage();
  await shopper.goto(`/products/${slugify(productName)}`);
  await shopper.locator("#add-quantity").fill("2");
  await Promise.all([
    shopper.waitForResponse((r) => new URL(r.url()).pathname.startsWith("/cart") && r.request().method() === "POST"),
    shopper.getByRole("button", { name: "Thêm vào giỏ hàng" }).click(),
  ]);
  await shopper.goto("/checkout");
  await expect(shopper).toHaveURL(/\/checkout/);
  await shopper.locator("[name=contactName]").fill("Trần Văn Khách");
  await shopper.locator("[name=phone]").fill("0912345678");
  await shopper.locator("select[name=provinceCode]").selectOption("19");
  const commune = shopper.locator("select[name=communeId]");
  await expect(commune).toBeVisible();
  await commune.selectOption({ index: 1 });
  await shopper.locator("[name=address]").fill("12 đường Tân Cương");
  await shopper.locator("input[name=paymentMethod][value=cash_on_delivery]").check();
  await shopper.getByRole("button", { name: "Đặt hàng" }).click();
  await expect(shopper).toHaveURL(/\/orders\/[A-Z0-9-]+/);
  const reference = await shopper.getByTestId("sub-order").first().getAttribute("data-reference");
  expect(reference).toMatch(/^DH-[0-9A-Z]+-\d+$/);
  await guest.close();

  // Cash counts as a sale once collected (decision 0020): the cooperative accepts, ships and delivers the order.
  await page.goto(`${ws}/orders/${reference}`);
  const step = async (button: string, status: string) => {
    await page.getByRole("button", { name: button, exact: true }).click();
    await expect(page.getByTestId("sub-order-status")).toHaveText(status);
  };
  await step("Nhận đơn (thanh toán khi nhận hàng)", "Đã xác nhận");
  await step("Đã đóng gói", "Đã đóng gói");
  await page.getByTestId("ship-form").getByLabel("Đơn vị vận chuyển").fill("Viettel Post");
  await page.getByTestId("ship-form").getByLabel("Mã vận đơn").fill(`VNP-${suffix}`);
  await step("Giao cho vận chuyển", "Đang giao");
  await step("Đã giao hàng", "Đã giao");

  // The cooperative sees each household's money received and attributed sales value (240,000 split 30:20:10).
  await page.goto(`${ws}/households/income`);
  const income = page.getByTestId("household-income");
  for (const h of households) {
    const row = income.locator(`tr[data-code='${h.code}']`);
    await expect(row).toContainText(h.name);
    await expect(row.locator("[data-cell=attributed]")).toContainText(h.share);
    await expect(row.locator("[data-cell=received]")).toContainText(Number(h.paid).toLocaleString("vi-VN"));
  }

  // The department officer cannot open any of these pages, and sees no household's name.
  const department = await browser.newContext();
  const officer = await department.newPage();
  await signIn(officer, demo.officer);
  for (const path of [`${ws}/households`, `${ws}/households/income`, `${ws}/households/supplies`, `${ws}/households/import`]) {
    const response = await officer.goto(path);
    expect(response!.status(), path).toBe(404);
    await expect(officer.locator("body")).not.toContainText(households[0]!.name);
  }
  await officer.goto("/department");
  for (const h of households) await expect(officer.locator("body")).not.toContainText(h.name);
  // What the department does see: aggregates by status, sex and ethnicity, small groups shown as "< 5", no names or codes.
  await officer.goto("/department/households?province=19");
  const bySex = officer.locator('section[data-table="status-sex"]');
  await expect(bySex.locator("tbody tr").first()).toBeVisible();
  await expect(officer.locator("main")).toContainText("< 5");
  for (const h of households) {
    await expect(officer.locator("body")).not.toContainText(h.name);
    await expect(officer.locator("body")).not.toContainText(h.code);
  }
  await department.close();
});
