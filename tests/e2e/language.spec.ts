import { expect, test, type Page } from "@playwright/test";

async function expectEnglish(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
}

test("the English switch persists across pages and reloads, and switches back", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "English" }).click();
  await expectEnglish(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("OCOP and key agricultural products of Thái Nguyên");

  await page.getByTestId("cooperatives").getByRole("article").first().getByRole("heading").getByRole("link").click();
  await expectEnglish(page);
  await expect(page.getByRole("heading", { name: "Contact" })).toBeVisible();

  await page.reload();
  await expectEnglish(page);

  await page.getByRole("button", { name: "Tiếng Việt" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { name: "Liên hệ" })).toBeVisible();
});

test("the language switch works without JavaScript and returns to the same page", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  const link = page.getByTestId("featured-products").getByRole("article").first().getByRole("heading").getByRole("link");
  const href = await link.getAttribute("href");
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "Recent lots" })).toBeVisible();
  await context.close();
});

test("a 404 page follows the chosen language", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "lang", value: "en", url: baseURL! }]);
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});
