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

test("a phone set to English lands on the English origin page from a label's Digital Link (Accept-Language, no cookie)", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/01/08936041100015/10/TCDB2604-012");
  await expect(page).toHaveURL(/\/origin\/[0-9A-Z]{13}\?lang=en$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  // The origin page itself honours the header on a first visit too.
  const direct = await context.request.get(new URL(page.url()).pathname, { headers: { "Accept-Language": "en" } });
  expect(await direct.text()).toMatch(/<html lang="en">/);
  expect(direct.headers()["vary"]).toContain("Accept-Language");
  await context.close();
});
