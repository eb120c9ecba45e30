import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/auth";

/*
 * Criteria sheets as data (issue #17): an administrator, without JavaScript, drafts a new version of the honey sheet,
 * raises a criterion's top option so part A adds up to 42, is refused at publishing with the problem in words, puts it
 * right, adds and removes a criterion, publishes; the public page shows the new version and the old one is retired.
 * A department officer reads the sheets but cannot draft.
 */

test("an administrator edits a draft without JavaScript, is refused while part A is off, fixes it and publishes", async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: "vi-VN" });
  const page = await context.newPage();
  await signIn(page, demo.admin);
  await page.goto("/admin/ocop/criteria");
  await expect(page.getByRole("heading", { level: 1, name: "Bộ tiêu chí OCOP" })).toBeVisible();
  const honey = page.locator('tr[data-set="food.honey"]');
  await expect(honey).toContainText("Phiên bản 1");
  await expect(honey).toContainText("tiêu chí cần đối chiếu với Phụ lục");
  await honey.getByRole("button", { name: /Tạo bản nháp mới/ }).click();

  await expect(page).toHaveURL(/\/admin\/ocop\/criteria\/[0-9a-f-]{36}$/);
  const draftUrl = page.url();
  await expect(page.getByTestId("sheet-status")).toHaveText("Bản nháp");
  const form = page.getByTestId("criteria-form");
  await expect(page.getByTestId("edit-part-total-A")).toHaveText("Tổng điểm tối đa: 40 / 40");

  // A1.1's best option from 5 to 7 points: part A now adds up to 42.
  await form.locator('input[name="criteria.0.options.3.points"]').fill("7");
  await form.getByRole("button", { name: "Lưu bản nháp" }).last().click();
  await expect(page.getByRole("status").filter({ hasText: "Đã lưu bản nháp." })).toBeVisible();
  await expect(page.getByTestId("edit-part-total-A")).toHaveText("Tổng điểm tối đa: 42 / 40");

  await page.getByTestId("criteria-form").getByRole("button", { name: "Công bố phiên bản này" }).click();
  await expect(page.getByTestId("sheet-problems")).toContainText("Phần A: tổng điểm tối đa là 42, phải đúng 40.");
  await expect(page.getByTestId("sheet-status")).toHaveText("Bản nháp");

  // A bad value is refused beside its field, and nothing is stored.
  await page.getByTestId("criteria-form").locator('input[name="criteria.0.options.1.points"]').fill("hai");
  await page.getByTestId("criteria-form").getByRole("button", { name: "Lưu bản nháp" }).last().click();
  await expect(page.getByText("Điểm là số từ 0 đến 40, bội của 0,25.")).toBeVisible();
  await page.goto(draftUrl);
  await expect(page.getByTestId("criteria-form").locator('input[name="criteria.0.options.1.points"]')).toHaveValue("2");

  // Add a criterion to part B, then think better of it.
  await page.getByTestId("criteria-form").getByRole("button", { name: "Thêm tiêu chí vào phần B" }).click();
  await expect(page.getByText("Thay đổi chưa được lưu: bấm Lưu bản nháp.")).toBeVisible();
  const added = page.locator('fieldset[data-criterion="B2.6"]');
  await expect(added).toBeVisible();
  await expect(page.getByTestId("edit-part-total-B")).toHaveText("Tổng điểm tối đa: 26 / 25");
  await added.getByRole("button", { name: "Bỏ tiêu chí B2.6" }).click();
  await expect(page.locator('fieldset[data-criterion="B2.6"]')).toHaveCount(0);

  // Put part A right and say the wording was checked.
  const f = page.getByTestId("criteria-form");
  await f.locator('input[name="criteria.0.options.3.points"]').fill("5");
  await f.locator('input[name="criteria.0.text.vi"]').fill("Nguồn mật: đàn ong và nguồn hoa (đã đối chiếu)");
  await f.locator('input[name="criteria.0.checkAgainstAnnex"]').uncheck();

  // The editor, with scripts on this time so axe-core can run: nothing serious or critical, on a phone too.
  const withScripts = await browser.newContext({ baseURL, locale: "vi-VN", viewport: { width: 390, height: 844 } });
  const checker = await withScripts.newPage();
  await signIn(checker, demo.admin);
  await checker.goto(draftUrl);
  const axe = await new AxeBuilder({ page: checker }).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target.join(" ")}`)).toEqual([]);
  const width = await checker.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(width.scroll).toBeLessThanOrEqual(width.inner);
  await withScripts.close();

  await f.getByRole("button", { name: "Công bố phiên bản này" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã công bố." })).toBeVisible();
  await expect(page.getByTestId("sheet-status")).toHaveText("Đang áp dụng");
  await expect(page.getByTestId("criteria-form")).toHaveCount(0);

  await page.goto("/admin/ocop/criteria");
  await expect(honey).toContainText("Phiên bản 2");
  await expect(honey).toContainText("Đã thay thế");
  await context.close();

  // The public page shows what producers will be scored on: version 2, with the checked wording.
  const visitor = await browser.newContext({ baseURL, locale: "vi-VN" });
  const pub = await visitor.newPage();
  await pub.goto("/ocop/criteria/food.honey");
  await expect(pub.getByRole("heading", { level: 1 })).toHaveText("Bộ tiêu chí OCOP: Mật ong, sản phẩm từ mật ong");
  await expect(pub.getByText("Phiên bản 2")).toBeVisible();
  const a11 = pub.locator('[data-criterion="A1.1"]');
  await expect(a11).toContainText("Nguồn mật: đàn ong và nguồn hoa (đã đối chiếu)");
  await expect(a11).not.toContainText("Cần đối chiếu với Phụ lục");
  await expect(pub.getByTestId("part-total-A")).toHaveText("Tổng điểm tối đa: 40 / 40");
  await expect(pub.getByTestId("part-total-B")).toHaveText("Tổng điểm tối đa: 25 / 25");
  await expect(pub.getByTestId("part-total-C")).toHaveText("Tổng điểm tối đa: 35 / 35");
  await visitor.close();
});

test("a department officer reads the sheets but cannot draft; a consumer cannot open them", async ({ page, browser, baseURL }) => {
  await signIn(page, demo.officer);
  await page.goto("/admin/ocop/criteria");
  await expect(page.getByText("Bạn xem được các bộ tiêu chí; chỉ quản trị viên được sửa và công bố.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Tạo bản nháp mới/ })).toHaveCount(0);
  await page.locator('tr[data-set="beverage.tea"]').getByRole("link", { name: "Phiên bản 1" }).click();
  await expect(page.getByTestId("criteria-sheet")).toContainText("A1.1");
  await expect(page.getByTestId("criteria-form")).toHaveCount(0);

  const consumer = await browser.newContext({ baseURL });
  const c = await consumer.newPage();
  await signIn(c, demo.consumer);
  expect((await c.goto("/admin/ocop/criteria"))?.status()).toBe(403);
  await consumer.close();
});
