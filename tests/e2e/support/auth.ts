import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-ocop-2026";
export const demo = {
  admin: "admin@demo.ocoptrace.vn",
  officer: "canbo.so@demo.ocoptrace.vn",
  tanCuongManager: "quanly.tancuong@demo.ocoptrace.vn",
  tanCuongStaff: "nhanvien.tancuong@demo.ocoptrace.vn",
  baoThaiManager: "quanly.baothai@demo.ocoptrace.vn",
  consumer: "khach@demo.ocoptrace.vn",
  supervisor: "giamsat.mttq@demo.ocoptrace.vn",
} as const;

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, baseURL = ""): Promise<void> {
  await page.goto(`${baseURL}/login`);
  const form = page.locator("form:has(input[name=password])");
  await form.locator("input[name=email]").fill(email);
  await form.locator("input[name=password]").fill(password);
  await form.locator("button[type=submit]").click();
  await expect(page).not.toHaveURL(/\/login/);
}
