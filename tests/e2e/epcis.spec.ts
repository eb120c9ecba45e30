import { request as httpRequest } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";

// Issue 14 §3: EPCIS another repository can ingest. A cooperative records its GLN, a lab result and its correction;
// the origin page shows the corrected result only, translated, without JavaScript; the export names the GLN and
// keeps its identifiers whatever Host the request carries.
const ws = "/workspace/htx-che-tan-cuong-xanh";
const GLN = "8936000000011";
const unique = () => Date.now().toString(36).toUpperCase().slice(-6);

/** GET with a Host header of the caller's choosing (a browser cannot set one). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { Host: host, Accept: "application/ld+json" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function recordInspection(page: Page, batchUrl: string, fields: { time: string; report: string; result: "pass" | "fail"; corrects?: string; notes?: string }) {
  await page.goto(`${batchUrl}?step=inspecting`);
  const form = page.getByTestId("step-form");
  await form.locator("[name=eventTime]").fill(fields.time);
  await form.locator("[name=lab]").fill("Trung tâm Kỹ thuật TĐC 1");
  await form.locator("[name=reportNumber]").fill(fields.report);
  await form.locator("select[name=result]").selectOption(fields.result);
  if (fields.corrects) await form.locator("select[name=correctsEventId]").selectOption({ label: fields.corrects });
  if (fields.notes) await form.locator("[name=notes]").fill(fields.notes);
  await form.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Đã ghi vào nhật ký.")).toBeVisible();
}

test("a cooperative's GLN, a corrected lab result on the origin page without JavaScript, and an EPCIS export whose ids do not follow the Host header", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await signIn(page, demo.tanCuongManager);

  // The GLN's check digit is checked, with the message in Vietnamese next to the field.
  await page.goto(`${ws}/profile`);
  const gln = page.getByLabel("Mã địa điểm toàn cầu (GLN)");
  await gln.fill("8936000000019");
  await page.getByRole("button", { name: "Lưu" }).first().click();
  await expect(page.locator("#f-gln-error")).toContainText("Số kiểm tra của mã GLN không đúng");
  await gln.fill(GLN);
  await page.getByRole("button", { name: "Lưu" }).first().click();
  await expect(page.getByText("Đã lưu hồ sơ.")).toBeVisible();
  await page.goto(`${ws}/profile`);
  await expect(page.getByLabel("Mã địa điểm toàn cầu (GLN)")).toHaveValue(GLN);

  // A new lot of an existing product, with a lab result that is then corrected.
  const lotCode = `KN${unique()}`;
  await page.goto(`${ws}/batches/new`);
  await page.locator("select[name=productId]").selectOption({ label: "Chè Tân Cương đặc biệt" });
  await page.locator("[name=lotCode]").fill(lotCode);
  await page.locator("[name=quantity]").fill("40");
  await page.locator("select[name=uom]").selectOption("KGM");
  await page.locator("[name=producedOn]").fill("2026-11-20");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 2 })).toContainText(lotCode);
  const batchUrl = page.url().split("?")[0]!.split("#")[0]!;
  const batchId = batchUrl.split("/").at(-1)!;

  await recordInspection(page, batchUrl, { time: "2026-11-21T14:00", report: `KQ-${lotCode}`, result: "pass" });
  await recordInspection(page, batchUrl, {
    time: "2026-11-22T09:00",
    report: `KQ-${lotCode}-DC`,
    result: "fail",
    corrects: "#1",
    notes: "Phòng thí nghiệm gửi lại phiếu: dư lượng vượt ngưỡng.",
  });

  await page.goto(`${batchUrl}/labels`);
  const code = (await page.getByTestId("short-code").textContent())!.trim();

  // The origin page, as a phone without JavaScript sees it: only the corrected result, marked, in Vietnamese.
  const noJs = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: "vi-VN" });
  const consumer = await noJs.newPage();
  await consumer.goto(`/origin/${code}`);
  const lab = consumer.getByTestId("lab-results");
  await expect(lab.locator("li")).toHaveCount(1);
  await expect(lab).toContainText(`phiếu số KQ-${lotCode}-DC: không đạt`);
  await expect(lab.getByTestId("lab-corrected")).toHaveText("(kết quả đã đính chính, thay cho kết quả ghi trước)");
  await expect(lab).not.toContainText(`KQ-${lotCode}:`);
  await expect(lab).not.toContainText("fail");
  await noJs.close();

  // The export: the same bytes (but its creation time) whatever Host the request names.
  const url = `${baseURL}/api/epcis/batches/${batchId}`;
  const [a, b] = await Promise.all([getWithHost(url, "evil.example:666"), getWithHost(url, "127.0.0.1")]);
  expect(a.status).toBe(200);
  const strip = (body: string) => body.replace(/"creationDate":"[^"]+"/, "");
  expect(strip(a.body)).toBe(strip(b.body));
  expect(a.body).not.toContain("evil.example");
  const document = JSON.parse(a.body) as { "@context": unknown[]; epcisBody: { eventList: Record<string, unknown>[] } };
  expect(document["@context"][1]).toEqual({ ocoptrace: `${baseURL}/epcis/ns/` });
  const [wrong, corrective] = document.epcisBody.eventList.filter((e) => e.bizStep === "inspecting");
  expect(wrong).toMatchObject({
    readPoint: { id: `https://id.gs1.org/414/${GLN}` },
    bizLocation: { id: `https://id.gs1.org/414/${GLN}` },
    certificationInfo: `${baseURL}/origin/${code}`,
    "ocoptrace:result": "pass",
    errorDeclaration: { reason: "incorrect_data", correctiveEventIDs: [corrective!.eventID] },
  });
  expect(corrective).toMatchObject({ "ocoptrace:result": "fail", "ocoptrace:corrects": wrong!.eventID });
  for (const e of document.epcisBody.eventList) expect(e.eventID).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
});
