import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/auth";

// The workspace lot timeline shows every recorded field with a label in the reader's language and a readable value.
test("demo lot timelines show translated labels, lists as lists and dates as dates, never field names or JSON", async ({ page }) => {
  await signIn(page, demo.tanCuongManager);
  await page.goto("/workspace/htx-che-tan-cuong-xanh/batches");
  await page.getByRole("link", { name: "TCDB2510-019", exact: true }).first().click();
  const timeline = page.getByTestId("timeline");
  await expect(timeline).toBeVisible();
  const labels = await timeline.locator("dt").allInnerTexts();
  expect(labels.length).toBeGreaterThan(0);
  // A label is words, not a camelCase field name.
  for (const label of labels) expect(label).not.toMatch(/^[a-z]+[A-Z]\w*$|^[a-z]+$/);
  const values = await timeline.locator("dd").allInnerTexts();
  for (const value of values) {
    expect(value).not.toMatch(/^\[|^\{|"/);
    expect(value).not.toMatch(/^\d{4}-\d{2}-\d{2}/);
  }
  // The lab's parameters are a list.
  const parameters = timeline.locator(".facts__row").filter({ has: page.locator("dt", { hasText: "Chỉ tiêu kiểm nghiệm" }) }).first();
  await expect(parameters.locator("dd li").first()).toBeVisible();
});
