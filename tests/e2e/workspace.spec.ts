import { expect, test, type Page } from "@playwright/test";
import { minimalPdf, onePixelPng } from "../setup/test-files";
import { slugify } from "../../app/lib/slug";
import { demo, signIn } from "./support/auth";
import { docsScreenshot, SCREENSHOTS_TAG } from "./support/screenshots";

const coop = "htx-che-tan-cuong-xanh";
const ws = `/workspace/${coop}`;
const unique = () => Date.now().toString(36).toUpperCase().slice(-6);

async function createProduct(page: Page, ws: string, fields: Record<string, string>, selects: Record<string, string> = {}) {
  await page.goto(`${ws}/products/new`);
  for (const [name, value] of Object.entries(fields)) await page.locator(`[name=${name}]`).fill(value);
  for (const [name, value] of Object.entries(selects)) await page.locator(`select[name=${name}]`).selectOption(value);
  await page.getByRole("button", { name: "Lưu" }).click();
}

async function createLot(page: Page, ws: string, product: string, lotCode: string, quantity: string, uom: string, expiresOn?: string) {
  await page.goto(`${ws}/batches/new`);
  await page.locator("select[name=productId]").selectOption({ label: product });
  await page.locator("[name=lotCode]").fill(lotCode);
  await page.locator("[name=quantity]").fill(quantity);
  await page.locator("select[name=uom]").selectOption(uom);
  await page.locator("[name=producedOn]").fill("2026-11-20");
  if (expiresOn) await page.locator("[name=expiresOn]").fill(expiresOn);
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 2 })).toContainText(lotCode);
  // The lot's summary shows its use-by date, as every page that shows a lot does.
  if (expiresOn) await expect(page.getByTestId("lot-expires-on")).toHaveText(expiresOn.split("-").reverse().join("/"));
  return page.url();
}

test("a new cooperative signs up, is approved, registers an OCOP product, two raw lots with harvests, and processes them into a finished lot that another cooperative cannot see", { tag: SCREENSHOTS_TAG }, async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const suffix = unique();
  // Sign-up of a new cooperative's manager; the organisation waits for an administrator.
  const email = `quanly.${suffix.toLowerCase()}@htx-nui-coc.vn`;
  const organisation = `HTX Chè Núi Cốc ${suffix}`;
  await page.goto("/signup");
  await page.getByLabel("Đại diện một tổ chức sản xuất (chờ duyệt)").check();
  await page.getByLabel("Họ và tên").fill("Nguyễn Thị Minh");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu").fill("mật khẩu của Minh");
  await page.getByLabel("Tên tổ chức").fill(organisation);
  await page.getByLabel("Loại hình").selectOption("cooperative");
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page).toHaveURL(/\/workspace$/);
  const admin = await browser.newPage();
  await signIn(admin, demo.admin);
  await admin.goto("/admin/organisations");
  await admin.getByRole("button", { name: `Duyệt ${organisation}` }).click();
  await expect(admin.getByRole("status")).toHaveText("Đã duyệt tổ chức.");
  await admin.context().close();

  await page.reload();
  const ws = (await page.getByTestId("my-organisations").getByRole("article", { name: organisation }).getByRole("link").first().getAttribute("href"))!;
  expect(ws).toMatch(/^\/workspace\/[a-z0-9-]+$/);
  await page.goto(ws);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(organisation);

  // A wrong GTIN check digit is refused next to the field and nothing is lost.
  const finishedName = `Chè móc câu thử nghiệm ${suffix}`;
  // The refusal is the server's: wait for its answer before correcting the form (the same error shows as one types).
  const refused = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/products/new"));
  await createProduct(
    page,
    ws,
    {
      nameVi: finishedName,
      unitVi: "gói",
      unitEn: "pack",
      gtin: "8936041100016",
      priceVnd: "150000",
      ocopCertificateNumber: "99/QĐ-UBND",
      ocopIssuedOn: "2026-06-01",
      ocopScore: "75",
      descriptionVi: "<script>alert('x')</script> chè ngon",
    },
    { category: "tea", ocopGroup: "beverage", ocopStars: "4" },
  );
  await refused;
  await expect(page.locator("#f-gtin-error")).toHaveText(/Số kiểm tra của mã GTIN không đúng/);
  await expect(page.locator("[name=nameVi]")).toHaveValue(finishedName);
  await page.locator("[name=gtin]").fill("");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Đã lưu sản phẩm.")).toBeVisible();
  // The stars are not the product's to set: the certificate went into the register (awaiting the department's
  // confirmation), shown read-only, valid 36 months by default.
  await expect(page.getByTestId("register-certificates")).toContainText("99/QĐ-UBND");
  await expect(page.getByTestId("register-certificates")).toContainText("01/06/2026 – 01/06/2029");
  await expect(page.getByTestId("register-certificates")).toContainText("chờ Sở Nông nghiệp và Môi trường xác nhận");
  await expect(page.locator("[name=ocopExpiresOn]")).toHaveValue("");

  // A photo: a script disguised as a JPEG is refused, a real PNG is shown here and on the public page.
  const photos = page.getByTestId("photo-manager");
  await photos.locator("[name=photo]").setInputFiles({ name: "anh.jpg", mimeType: "image/jpeg", buffer: Buffer.from("<svg onload=alert(1)>") });
  await photos.getByRole("button", { name: "Thêm ảnh" }).click();
  await expect(page.getByTestId("photo-manager").locator(".form-error")).toBeVisible();
  await expect(page.getByTestId("photo-manager").locator("img")).toHaveCount(0);
  await page.getByTestId("photo-manager").locator("[name=photo]").setInputFiles({ name: "anh.png", mimeType: "image/png", buffer: Buffer.from(onePixelPng()) });
  await page.getByTestId("photo-manager").getByRole("button", { name: "Thêm ảnh" }).click();
  await expect(page.getByTestId("photo-manager").locator("img")).toHaveCount(1);
  await page.goto(`/products/${slugify(finishedName)}`);
  await expect(page.getByTestId("product-photos").locator("img")).toHaveCount(1);

  const rawName = `Chè búp tươi thử nghiệm ${suffix}`;
  await createProduct(page, ws, { nameVi: rawName, unitVi: "kg", unitEn: "kg" }, { category: "tea", kind: "raw_material" });
  await expect(page.getByText("Đã lưu sản phẩm.")).toBeVisible();

  // Two raw lots, each with a harvest.
  const lots = [`LA${suffix}-1`, `LA${suffix}-2`];
  for (const [i, lot] of lots.entries()) {
    const url = await createLot(page, ws, rawName, lot, "100", "KGM");
    await page.goto(`${url}?step=harvesting`);
    const form = page.getByTestId("step-form");
    await form.locator("[name=eventTime]").fill(`2026-11-2${i}T06:30`);
    await form.locator("[name=quantity]").fill("100");
    await form.locator("select[name=uom]").selectOption("KGM");
    await form.locator("[name=method]").fill("1 tôm 2 lá");
    await form.getByRole("button", { name: "Lưu" }).click();
    await expect(page.getByText("Đã ghi vào nhật ký.")).toBeVisible();
    await expect(page.getByTestId("timeline")).toContainText("Thu hoạch");
    await expect(page.getByTestId("chain-status")).toHaveText("Nhật ký toàn vẹn: 1 sự kiện, chưa bị sửa đổi.");
  }

  // A lab report is attached to a test; a web page disguised as a PDF is refused and nothing is recorded.
  const form = page.getByTestId("step-form");
  await page.goto(`${page.url().split("?")[0]}?step=inspecting`);
  await form.locator("[name=eventTime]").fill("2026-11-21T14:00");
  await form.locator("[name=lab]").fill("Trung tâm Kỹ thuật TĐC 1");
  await form.locator("[name=reportNumber]").fill(`KQ-${suffix}`);
  await form.locator("select[name=result]").selectOption("pass");
  await form.locator("[name=attachment]").setInputFiles({
    name: "ketqua.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("<html><script>alert(1)</script></html>"),
  });
  await form.getByRole("button", { name: "Lưu" }).click();
  await expect(page.locator("#f-attachment-error")).toContainText("Không nhận tệp HTML");
  await expect(page.getByTestId("chain-status")).toHaveText("Nhật ký toàn vẹn: 1 sự kiện, chưa bị sửa đổi.");
  await form.locator("[name=reportNumber]").fill(`KQ-${suffix}`);
  await form.locator("[name=attachment]").setInputFiles({ name: "ketqua.pdf", mimeType: "application/pdf", buffer: Buffer.from(minimalPdf()) });
  await form.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Đã ghi vào nhật ký.")).toBeVisible();
  const attachment = page.getByTestId("event-attachment");
  await expect(attachment).toContainText("ketqua.pdf");
  const pdf = await page.request.get((await attachment.getAttribute("href"))!);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");

  // The finished lot is made from both raw lots.
  const finishedLot = `TC${suffix}`;
  const finishedUrl = await createLot(page, ws, finishedName, finishedLot, "50", "H87", "2028-05-20");
  const processing = page.getByTestId("processing-form");
  await processing.locator("[name=process]").fill("làm héo, diệt men, vò, sao");
  await processing.locator("[name=eventTime]").fill("2026-11-22T08:00");
  const optionFor = (lot: string) => processing.locator("#input-lot-0 option", { hasText: lot }).getAttribute("value");
  await processing.locator("#input-lot-0").selectOption((await optionFor(lots[0]!))!);
  await processing.locator("#input-quantity-0").fill("60");
  await processing.locator("#input-lot-1").selectOption((await optionFor(lots[1]!))!);
  await processing.locator("#input-quantity-1").fill("200");
  await processing.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Khối lượng vượt quá phần còn lại của lô nguyên liệu.")).toBeVisible();

  await processing.locator("#input-quantity-1").fill("80");
  await processing.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Đã ghi vào nhật ký.")).toBeVisible();
  const inputs = page.getByTestId("lineage-inputs");
  await expect(inputs).toContainText(lots[0]!);
  await expect(inputs).toContainText(lots[1]!);
  await expect(page.getByTestId("timeline")).toContainText("Chế biến từ lô nguyên liệu");
  await expect(page.getByTestId("chain-status")).toContainText("Nhật ký toàn vẹn");
  await docsScreenshot(page, "workspace-lot", { fullPage: true });

  // Every change was written to the audit log.
  await page.goto(`${ws}/audit`);
  // In people's words, never the code's names for records and actions.
  await expect(page.getByTestId("audit-log")).toContainText("Sản phẩm · tạo mới");
  await expect(page.getByTestId("audit-log")).toContainText("Bước truy xuất · ghi bước chế biến");
  await expect(page.getByTestId("audit-log")).not.toContainText(/trace_event|record_processing|product · create/);
  // The log's views switch in the browser (after hydration) and keep the changes under "All".
  await page.getByTestId("audit-views").getByRole("link", { name: "Tất cả" }).click();
  await expect(page).toHaveURL(/\/audit\?show=all$/);
  await expect(page.getByTestId("audit-views").getByText("Tất cả")).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("audit-log")).toContainText("Sản phẩm · tạo mới");

  // HTML typed into a field is shown as text, never run.
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${ws}/products`);
  await page.getByRole("link", { name: finishedName }).click();
  await expect(page.locator("[name=descriptionVi]")).toHaveValue("<script>alert('x')</script> chè ngon");
  expect(dialogs).toEqual([]);

  // A second cooperative sees and changes none of it.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await signIn(stranger, demo.baoThaiManager);
  for (const path of [ws, finishedUrl, `${ws}/products`, `${ws}/batches`]) {
    expect((await stranger.goto(path))?.status(), path).toBe(404);
  }
  await other.close();
});

test("another cooperative's manager can neither see nor change this workspace", async ({ page, browser }) => {
  // Find a lot and a product of the Tân Cương cooperative as its own manager.
  await signIn(page, demo.tanCuongManager);
  await page.goto(`${ws}/batches`);
  // A demo lot with a timeline (other specs add lots without events to this cooperative).
  const lotHref = await page.getByTestId("workspace-batches").locator("tbody a", { hasText: "TCDB2604-012" }).getAttribute("href");
  await page.goto(`${ws}/products`);
  const productHref = await page.getByTestId("workspace-products").locator("tbody a").first().getAttribute("href");
  expect(lotHref).toBeTruthy();

  // The lot page before and after the forged post below.
  await page.goto(lotHref!);
  const stepsOn21st = async () => ((await page.locator("main").innerText()).match(/2026-11-21|21\/11\/2026/g) ?? []).length;
  const before = await stepsOn21st();

  const other = await browser.newContext();
  const stranger = await other.newPage();
  await signIn(stranger, demo.baoThaiManager);
  for (const path of [ws, `${ws}/products`, productHref!, `${ws}/batches`, lotHref!, `${ws}/profile`, `${ws}/audit`, `${ws}/products/new`]) {
    const response = await stranger.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  // A forged post, even with the stranger's own valid CSRF token, changes nothing.
  await stranger.goto("/workspace/htx-nong-nghiep-bao-thai-dinh-hoa");
  const token = await stranger.locator("input[name=csrf]").first().getAttribute("value").catch(() => null);
  const forged = await stranger.request.post(lotHref!, {
    form: { csrf: token ?? "", intent: "step", step: "storing", eventTime: "2026-11-21T10:00" },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(404);
  await other.close();

  await page.goto(lotHref!);
  expect(await stepsOn21st()).toBe(before);
});

test("staff record lots but cannot change products or the profile", async ({ page }) => {
  await signIn(page, demo.tanCuongStaff);
  expect((await page.goto(`${ws}/batches/new`))?.status()).toBe(200);
  expect((await page.goto(`${ws}/products/new`))?.status()).toBe(403);
  expect((await page.goto(`${ws}/profile`))?.status()).toBe(403);
  await page.goto(`${ws}/products`);
  await expect(page.getByRole("link", { name: "Thêm sản phẩm" })).toHaveCount(0);
});

test("a signed-out visitor is sent to sign in", async ({ page }) => {
  await page.goto(`${ws}/batches`);
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
});

test("with JavaScript a form validates as the user types, before anything is sent", async ({ page }) => {
  await signIn(page, demo.tanCuongManager);
  await page.goto(`${ws}/products/new`);
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(r.url());
  });
  await page.locator("[name=gtin]").fill("8936041100016");
  await page.locator("[name=gtin]").blur();
  await expect(page.locator("#f-gtin-error")).toHaveText(/Số kiểm tra của mã GTIN không đúng/);
  await page.locator("[name=gtin]").fill("8936041100015");
  await page.locator("[name=gtin]").blur();
  await expect(page.locator("#f-gtin-error")).toHaveCount(0);
  expect(posts).toEqual([]);
});

test("the workspace forms work without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, demo.tanCuongStaff);
  await page.goto(`${ws}/batches/new`);
  const option = await page.locator("select[name=productId] option").nth(1).getAttribute("value");
  await page.locator("select[name=productId]").selectOption(option!);
  const lot = `NOJS-${unique()}`;
  await page.locator("[name=lotCode]").fill("LÔ SAI");
  await page.locator("[name=quantity]").fill("12,5");
  await page.locator("[name=producedOn]").fill("2026-11-20");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.locator("#f-lotCode-error")).toContainText("Số lô chỉ dùng chữ không dấu");
  await expect(page.locator("[name=quantity]")).toHaveValue("12,5");
  await page.locator("[name=lotCode]").fill(lot);
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 2 })).toContainText(lot);
  await page.goto(`${page.url()}?step=storing`);
  await page.getByTestId("step-form").locator("[name=eventTime]").fill("2026-11-21T09:00");
  await page.getByTestId("step-form").locator("[name=conditions]").fill("kho khô, dưới 25 °C");
  await page.getByTestId("step-form").getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Đã ghi vào nhật ký.")).toBeVisible();
  await expect(page.getByTestId("timeline")).toContainText("Lưu kho");
  await context.close();
});
