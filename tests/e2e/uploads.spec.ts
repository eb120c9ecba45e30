import { expect, test, type Browser } from "@playwright/test";
import { createLocalFileStorage } from "../../app/storage/local-storage.server";
import type { StoredFile } from "../../app/storage/storage.server";
import { minimalPdf, onePixelJpeg, onePixelPng, onePixelWebp } from "../setup/test-files";
import { own, sessionFor } from "./support/roles";

// Files go straight into the folder the e2e server reads (UPLOAD_DIR in playwright.config.ts).
const uploadDir = process.env.E2E_UPLOAD_DIR;

async function putFixtures() {
  if (!uploadDir) throw new Error("E2E_UPLOAD_DIR is not set: run through tests/playwright.config.ts");
  const storage = createLocalFileStorage({ root: uploadDir });
  const put = async (bytes: Uint8Array, declaredName: string, kind: "photo" | "document"): Promise<StoredFile> => {
    const result = await storage.put({ bytes, declaredName, kind });
    if (!result.ok) throw new Error(`fixture ${declaredName} refused: ${result.reason}`);
    return result;
  };
  return {
    png: await put(onePixelPng(), "che.png", "photo"),
    jpeg: await put(onePixelJpeg(), "gao.jpg", "photo"),
    webp: await put(onePixelWebp(), "mat-ong.webp", "photo"),
    pdf: await put(minimalPdf(), "chung-nhan.pdf", "document"),
  };
}

/**
 * /uploads serves a file to anyone only when a product or organisation photo, or a public step attachment,
 * references it: the demo cooperative's manager attaches the fixtures, as the workspace does.
 */
async function referenceFixtures(browser: Browser, baseURL: string, files: Awaited<ReturnType<typeof putFixtures>>) {
  const manager = await sessionFor(browser, "ownManager", baseURL);
  const productsHtml = await (await manager.request.get(`/workspace/${own}/products`)).text();
  const productPath = productsHtml.match(new RegExp(`/workspace/${own}/products/[0-9a-f-]{36}`))![0];
  const batchesHtml = await (await manager.request.get(`/workspace/${own}/batches`)).text();
  const batchPath = batchesHtml.match(new RegExp(`/workspace/${own}/batches/[0-9a-f-]{36}`))![0];
  const photos = [
    { name: "che.png", mimeType: "image/png", buffer: Buffer.from(onePixelPng()) },
    { name: "gao.jpg", mimeType: "image/jpeg", buffer: Buffer.from(onePixelJpeg()) },
    { name: "mat-ong.webp", mimeType: "image/webp", buffer: Buffer.from(onePixelWebp()) },
  ];
  for (const photo of photos) {
    // A second run finds the photo there already ("duplicate"): it stays referenced either way.
    await manager.request.post(productPath, { multipart: { csrf: manager.csrf, intent: "addPhoto", photo }, maxRedirects: 0 });
  }
  const recorded = await manager.request.post(batchPath, {
    multipart: {
      csrf: manager.csrf,
      intent: "step",
      step: "storing",
      eventTime: "2026-11-21T10:00",
      attachmentPublic: "on",
      attachment: { name: "chung-nhan.pdf", mimeType: "application/pdf", buffer: Buffer.from(minimalPdf()) },
    },
    maxRedirects: 0,
  });
  expect(recorded.status()).toBe(302);
  await manager.close();
  return files;
}

test("a stored file nothing references is served to nobody", async ({ request }) => {
  const orphan = await createLocalFileStorage({ root: uploadDir! }).put({ bytes: new Uint8Array([...minimalPdf(), 0x0a, 0x0a, 0x0a]), declaredName: "ho-so.pdf", kind: "document" });
  if (!orphan.ok) throw new Error("fixture refused");
  expect((await request.get(`/uploads/${orphan.key}`)).status()).toBe(404);
});

test("a stored photo is served with its sniffed type and headers that keep it inert", async ({ request, browser, baseURL }) => {
  const { png, pdf } = await referenceFixtures(browser, baseURL!, await putFixtures());
  const response = await request.get(`/uploads/${png.key}`);
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers["content-type"]).toBe("image/png");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["content-security-policy"]).toMatch(/^default-src 'none';.* sandbox$/);
  expect(headers["content-disposition"]).toBe(`inline; filename="${png.key}"`);
  expect(headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(headers["etag"]).toBe(`"${png.key}"`);
  expect(new Uint8Array(await response.body())).toEqual(onePixelPng());

  const revalidated = await request.get(`/uploads/${png.key}`, { headers: { "If-None-Match": `"${png.key}"` } });
  expect(revalidated.status()).toBe(304);

  const head = await request.head(`/uploads/${pdf.key}`);
  expect(head.status()).toBe(200);
  expect(head.headers()["content-type"]).toBe("application/pdf");
  expect(head.headers()["content-length"]).toBe(String(pdf.size));
  expect(head.headers()["content-security-policy"]).toBe("default-src 'none'; sandbox");
});

test("malformed and unknown keys are a 404", async ({ request, page }) => {
  for (const path of [
    "/uploads/..%2f..%2fetc%2fpasswd",
    "/uploads/not-a-key.png",
    `/uploads/${"0".repeat(64)}.svg`,
    `/uploads/${"0".repeat(64)}.png`,
  ]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
  }
  const navigation = await page.goto("/uploads/not-a-key.png");
  expect(navigation?.status()).toBe(404);
});

test("the browser shows every accepted image format from its upload address", async ({ page, browser, baseURL }) => {
  const { png, jpeg, webp } = await referenceFixtures(browser, baseURL!, await putFixtures());
  await page.goto("/");
  const widths = await page.evaluate(async (urls) => {
    return Promise.all(
      urls.map(async (url) => {
        const image = new Image();
        image.src = url;
        await image.decode();
        return image.naturalWidth;
      }),
    );
  }, [png, jpeg, webp].map((file) => `/uploads/${file.key}`));
  expect(widths).toEqual([1, 1, 1]);

  // Opened on its own, the image still shows despite the restrictive policy.
  await page.goto(`/uploads/${jpeg.key}`);
  await expect.poll(() => page.evaluate(() => document.images[0]?.naturalWidth ?? 0)).toBe(1);
});
