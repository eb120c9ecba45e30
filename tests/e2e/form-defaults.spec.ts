import { expect, test, type Page } from "@playwright/test";
import { vietnamToday } from "../../app/lib/vietnam-time";
import { demo, signIn } from "./support/auth";

/**
 * The workspace forms open with what the app knows (issue #15): the product's unit in people's words (the
 * UN/ECE code only travels in the form), today / now in Vietnam, and the place last used. Computed on the server,
 * so they hold without JavaScript too.
 */

const ws = "/workspace/htx-che-tan-cuong-xanh";
const unique = () => Date.now().toString(36).toUpperCase().slice(-6);

/** The workspace product page's id of a product, by its name. */
async function productId(page: Page, name: string): Promise<string> {
  await page.goto(`${ws}/products`);
  const href = await page.getByTestId("workspace-products").getByRole("link", { name, exact: true }).getAttribute("href");
  return href!.split("/").pop()!;
}

/** The Vietnamese wall-clock minute of an instant, as a datetime-local field writes it. */
const vietnamMinute = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 16);

async function expectNoUnitCodes(page: Page) {
  for (const text of await page.locator("select[name=uom] option").allInnerTexts()) expect(text).not.toMatch(/^[A-Z0-9]{3}$/);
}

test("without JavaScript, a new lot opened from its product has the product's unit and today's date in Vietnam", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, demo.tanCuongStaff);
  const leaves = await productId(page, "Chè búp tươi Tân Cương");
  await page.getByTestId("workspace-products").getByRole("row", { name: /Chè búp tươi Tân Cương/ }).getByRole("link", { name: "Tạo lô" }).click();
  await expect(page).toHaveURL(`${ws}/batches/new?product=${leaves}`);
  await expect(page.locator("select[name=productId]")).toHaveValue(leaves);
  await expect(page.locator("select[name=uom]")).toHaveValue("KGM");
  await expect(page.locator("select[name=uom] option:checked")).toHaveText("kg");
  await expect(page.locator("[name=producedOn]")).toHaveValue(vietnamToday());
  await expectNoUnitCodes(page);

  // A product sold by the box is counted in boxes, named as the product names them.
  const boxes = await productId(page, "Chè Tân Cương đặc biệt");
  await page.goto(`${ws}/batches/new?product=${boxes}`);
  await expect(page.locator("select[name=uom]")).toHaveValue("H87");
  await expect(page.locator("select[name=uom] option:checked")).toHaveText("hộp");
  await expectNoUnitCodes(page);

  // Saved as opened: the lot is in kilograms, produced today.
  await page.goto(`${ws}/batches/new?product=${leaves}`);
  const lot = `FD-${unique()}`;
  await page.locator("[name=lotCode]").fill(lot);
  await page.locator("[name=quantity]").fill("25");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 2 })).toContainText(lot);
  await expect(page.locator(".facts")).toContainText("25 kg");
  await expect(page.locator(".facts")).toContainText(vietnamToday().split("-").reverse().join("/"));
  await context.close();
});

test("with JavaScript, the unit follows the product picked", async ({ page }) => {
  await signIn(page, demo.tanCuongManager);
  await page.goto(`${ws}/batches/new`);
  const product = page.locator("select[name=productId]");
  await product.selectOption({ label: "Chè búp tươi Tân Cương" });
  await expect(page.locator("select[name=uom]")).toHaveValue("KGM");
  await product.selectOption({ label: "Chè Tân Cương đặc biệt" });
  await expect(page.locator("select[name=uom]")).toHaveValue("H87");
  await expect(page.locator("select[name=uom] option:checked")).toHaveText("hộp");
});

test("a trace step opens at now in Vietnam, in the lot's unit, at the place last used for the lot, else by the cooperative", async ({ page }) => {
  await signIn(page, demo.tanCuongManager);
  const leaves = await productId(page, "Chè búp tươi Tân Cương");
  const newLot = async (code: string) => {
    await page.goto(`${ws}/batches/new?product=${leaves}`);
    await page.locator("[name=lotCode]").fill(code);
    await page.locator("[name=quantity]").fill("40");
    await page.getByRole("button", { name: "Lưu" }).click();
    await expect(page.getByRole("heading", { level: 2 })).toContainText(code);
    return page.url();
  };
  const suffix = unique();
  const first = await newLot(`FDA-${suffix}`);

  const before = Date.now();
  await page.goto(`${first}?step=harvesting`);
  const form = page.getByTestId("step-form");
  const opened = await form.locator("[name=eventTime]").inputValue();
  expect([vietnamMinute(before), vietnamMinute(Date.now())]).toContain(opened);
  await expect(form.locator("select[name=uom]")).toHaveValue("KGM");
  await expect(form.locator("select[name=uom] option:checked")).toHaveText("kg");

  const place = `Đồi chè thử ${suffix}`;
  await form.locator("select[name=communeId]").selectOption({ label: "Tân Cương" });
  await form.locator("[name=locationName]").fill(place);
  await form.locator("[name=quantity]").fill("40");
  await form.locator("[name=method]").fill("1 tôm 2 lá");
  await form.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Đã ghi vào nhật ký.")).toBeVisible();

  // The next step on this lot starts where the last one was.
  await page.goto(`${first}?step=storing`);
  await expect(form.locator("select[name=communeId] option:checked")).toHaveText("Tân Cương");
  await expect(form.locator("[name=locationName]")).toHaveValue(place);

  // A lot with no step yet starts at the place the cooperative used last.
  const second = await newLot(`FDB-${suffix}`);
  await page.goto(`${second}?step=storing`);
  await expect(form.locator("select[name=communeId] option:checked")).toHaveText("Tân Cương");
  await expect(form.locator("[name=locationName]")).toHaveValue(place);
});

test("a household's income survey opens on today's date in Vietnam", async ({ page }) => {
  await signIn(page, demo.tanCuongManager);
  await page.goto(`${ws}/households`);
  const household = await page.locator(`a[href^="${ws}/households/"]`).evaluateAll((as) =>
    as.map((a) => a.getAttribute("href") ?? "").find((h) => /\/households\/[0-9a-f-]{36}$/.test(h)),
  );
  await page.goto(household!);
  await expect(page.locator("[name=surveyedOn]")).toHaveValue(vietnamToday());
});
