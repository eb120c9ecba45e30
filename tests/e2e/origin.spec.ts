import { existsSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import Ajv from "ajv";
import { PNG } from "pngjs";
import { demo, signIn } from "./support/auth";
import { decodeFirstPdfLabel, decodeQr as decode } from "./support/labels";

const ws = "/workspace/htx-che-tan-cuong-xanh";
const phone = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  // A Vietnamese phone: the origin page follows Accept-Language on a first visit.
  locale: "vi-VN",
  userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36",
};

// GS1's own linkset schema (GS1-Conformant Resolver 1.2), as the unit tests use it.
const linksetSchema = JSON.parse(readFileSync(new URL("../fixtures/gs1/gs1-linkset-schema.json", import.meta.url), "utf8")) as object;

test("a phone decodes a printed label, lands on the lot's origin page in Vietnamese and English; no script, valid linkset", async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, demo.tanCuongManager);
  await page.goto(`${ws}/batches`);
  await page.getByRole("link", { name: /TCDB2604-012/ }).first().click();
  await page.getByTestId("labels-link").click();
  await expect(page).toHaveURL(/\/labels$/);
  const shortCode = (await page.getByTestId("short-code").textContent())!.trim();
  const labelsUrl = page.url();
  // The address every printed code leads to (PUBLIC_URL) is shown before anything is printed.
  await expect(page.getByTestId("label-address")).toContainText(baseURL!);

  await page.locator("input[name=count]").fill("3");
  await page.getByRole("button", { name: "Cấp thêm mã" }).click();
  await expect(page.getByRole("status")).toContainText("3");

  // The batch QR as PNG, decoded by an independent decoder.
  const png = await page.request.get(`${labelsUrl}/qr.png`);
  expect(png.status()).toBe(200);
  const batchUri = decode(PNG.sync.read(await png.body()));
  expect(batchUri).toBe(`${baseURL}/01/08936041100015/10/TCDB2604-012`);

  // A unit label from the printed PDF, when poppler is there to render it.
  let unitUri: string | null = null;
  if (existsSync("/usr/bin/pdftoppm")) {
    const pdf = await page.request.get(`${labelsUrl}/units.pdf?size=50x30`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    unitUri = decodeFirstPdfLabel(await pdf.body());
    expect(unitUri).toMatch(new RegExp(`^${baseURL}/01/08936041100015/10/TCDB2604-012/21/[0-9A-Z]{13}$`));
  }

  const context = await browser.newContext({ ...phone, baseURL });
  const phonePage = await context.newPage();
  const response = await phonePage.goto(unitUri ?? batchUri!);
  expect(response!.status()).toBe(200);
  await expect(phonePage).toHaveURL(new RegExp(`/origin/${shortCode}`));
  await expect(phonePage.locator("html")).toHaveAttribute("lang", "vi");
  await expect(phonePage.getByRole("heading", { level: 1 })).toHaveText("Chè Tân Cương đặc biệt");
  await expect(phonePage.getByText("TCDB2604-012").first()).toBeVisible();
  await expect(phonePage.getByRole("heading", { name: "Nhật ký sản xuất" })).toBeVisible();
  await expect(phonePage.getByTestId("chain-check")).toContainText("không bị sửa đổi");
  await expect(phonePage.getByTestId("lineage")).toContainText("Tân Cương");
  await expect(phonePage.locator("script")).toHaveCount(0);
  const html = await response!.text();
  expect(html).not.toContain("<script");
  expect(Buffer.byteLength(html)).toBeLessThan(50_000);
  expect(response!.headers()["etag"]).toBeTruthy();
  expect(response!.headers()["cache-control"]).toContain("stale-while-revalidate");
  await expect(phonePage.locator('meta[property="og:title"]')).toHaveAttribute("content", /Chè Tân Cương đặc biệt/);
  // The ten items of Circular 02/2024 are all there.
  for (const item of ["productName", "images", "producerName", "producerAddress", "stages", "productionTime", "traceCode", "brand", "shelfLife", "standards"]) {
    await expect(phonePage.locator(`[data-testid=circular-02] [data-item=${item}]`)).not.toBeEmpty();
  }

  await phonePage.getByRole("button", { name: "English" }).click();
  await expect(phonePage.locator("html")).toHaveAttribute("lang", "en");
  await expect(phonePage.getByRole("heading", { name: "Production record" })).toBeVisible();
  await expect(phonePage.getByRole("heading", { level: 1 })).toHaveText(/Tan Cuong|Tân Cương/);

  // The consumer says where they are: the page records it without JavaScript.
  await phonePage.locator("select[name=p]").selectOption({ label: "Hanoi" }).catch(() => phonePage.locator("select[name=p]").selectOption("01"));
  await phonePage.getByRole("button", { name: "Send" }).click();
  await expect(phonePage).toHaveURL(/[?&]p=01/);

  const linkset = await context.request.get(`${batchUri}?linkType=linkset`);
  expect(linkset.status()).toBe(200);
  expect(linkset.headers()["content-type"]).toBe("application/linkset+json");
  expect(linkset.headers()["access-control-allow-origin"]).toBe("*");
  const ajv = new Ajv({ strict: false });
  const body = (await linkset.json()) as unknown;
  expect(ajv.validate(linksetSchema, body), JSON.stringify(ajv.errors)).toBe(true);
  await context.close();
});

test("codes that are malformed or not registered say so, with the right status", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ ...phone, baseURL });
  const page = await context.newPage();
  const cases: [string, number, RegExp][] = [
    ["/01/08936041100010/10/TCDB2604-012", 400, /Mã không hợp lệ/],
    ["/t/0000000000000", 404, /chưa được đăng ký/],
    ["/origin/0000000000000", 404, /sản phẩm có thể không phải hàng thật/],
    ["/origin/NOT-A-CODE!", 400, /Mã không hợp lệ/],
  ];
  for (const [path, status, text] of cases) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(status);
    await expect(page.getByTestId("not-registered")).toContainText(text);
    await expect(page.locator("script")).toHaveCount(0);
  }
  // An unknown lot of a known GTIN walks up to the product's page, which warns that the lot is not registered.
  await page.goto("/01/08936041100015/10/NO-SUCH-LOT");
  await expect(page).toHaveURL(/\/products\/[^?]+\?unregistered=lot/);
  await expect(page.getByTestId("walk-up-warning")).toContainText(/chưa được đăng ký/);
  const plain = await context.request.get("/01/08936041100010/10/X", { headers: { Accept: "application/json" } });
  expect(plain.status()).toBe(400);
  expect(await plain.text()).toContain("bad_check_digit");
  await context.close();
});
