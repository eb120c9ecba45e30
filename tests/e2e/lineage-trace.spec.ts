import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/auth";

/**
 * The trace of a demo tea lot (issue #16): from the raw leaf lot, the manager sees the packed lot made from it and
 * downloads the key-data-elements sheet; the department traces the packed lot back to its raw lots by lot code.
 */
const ws = "/workspace/htx-che-tan-cuong-xanh";

test("a manager traces a raw tea lot forward and downloads its key data elements", async ({ page }) => {
  await signIn(page, demo.tanCuongManager);
  await page.goto(`${ws}/batches`);
  await page.getByRole("link", { name: /BT2604-021/ }).first().click();
  await page.getByTestId("trace-link").click();
  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}\/trace$/, { timeout: 15_000 });
  await expect(page.getByRole("heading", { level: 2, name: /BT2604-021/ })).toBeVisible();
  const forwardLots = page.getByTestId("trace-forward-section").getByTestId("forward-lot");
  await expect(forwardLots.filter({ hasText: "BT2604-021" })).toHaveCount(1);
  await expect(forwardLots.filter({ hasText: "TCDB2604-012" })).toHaveCount(1);
  await expect(page.getByTestId("trace-backward-section").getByTestId("event-harvesting").first()).toBeVisible();

  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("kde-csv").click()]);
  const text = readFileSync((await csv.path())!, "utf8");
  const lines = text.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toContain("Mã lô truy xuất");
  expect(lines.some((l) => l.includes("BT2604-021") && l.startsWith("Thu hoạch"))).toBe(true);
  expect(lines.some((l) => l.includes("TCDB2604-012"))).toBe(true);
  const times = lines.slice(1).map((l) => l.split(",")[1]!);
  expect(times).toEqual([...times].sort());

  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("kde-xlsx").click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString("latin1")).toBe("PK");
});

test("the department traces a packed lot back to its raw lots by lot code, in English too", async ({ page }) => {
  await signIn(page, demo.officer);
  await page.goto("/department/trace");
  await page.getByLabel(/Mã lô|Lot code/).fill("TCDB2604-012");
  await page.getByRole("button", { name: /Truy xuất|Trace/ }).click();
  await expect(page).toHaveURL(/\/department\/trace\/TCDB2604-012/, { timeout: 15_000 });
  const backward = page.getByTestId("trace-backward-section");
  await expect(backward.getByTestId("backward-lot").filter({ hasText: "BT2604-021" })).toHaveCount(1);
  // The department sees member households only as counts.
  await expect(page.getByTestId("trace-households")).toHaveCount(0);
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("kde-csv").click()]);
  expect(readFileSync((await csv.path())!, "utf8")).toContain("TCDB2604-012");
});

test("a cooperative cannot open another organisation's lot trace, nor the department's page", async ({ page }) => {
  await signIn(page, demo.tanCuongManager);
  const response = await page.goto("/department/trace/TCDB2604-012");
  expect(response?.status()).toBe(403);
  const missing = await page.goto(`${ws}/batches/00000000-0000-4000-8000-000000000000/trace`);
  expect(missing?.status()).toBe(404);
});
