import { expect, test } from "@playwright/test";

// The Content-Security-Policy must let Remix's own scripts run (nonces) and block nothing the pages need.
test("pages hydrate under the Content-Security-Policy, with no violation, and refuse to be framed", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  for (const path of ["/login", "/shop", "/"]) {
    const response = await page.goto(path);
    const csp = response!.headers()["content-security-policy"]!;
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, path).toBeTruthy();
    expect(response!.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // Hydrated: Remix's router runs in the page.
    await expect.poll(() => page.evaluate(() => typeof (window as unknown as { __remixRouter?: unknown }).__remixRouter)).toBe("object");
  }
  // A client-side navigation and a form post work as before.
  await page.goto("/login");
  await page.locator("form[action='/lang'] button, form[action='/lang'] [type=submit]").first().click();
  await expect(page).toHaveURL(/\/login/);
  expect(violations).toEqual([]);
});
