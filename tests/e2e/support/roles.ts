import { expect, type APIRequestContext, type Browser } from "@playwright/test";
import { demo, signIn } from "./auth";

/** The demo cooperative whose pages the authorisation specs probe ("own" = its members). */
export const own = "htx-che-tan-cuong-xanh";

export type Who = "anonymous" | "consumer" | "officer" | "admin" | "ownManager" | "ownStaff" | "otherManager";
const accounts: Record<Exclude<Who, "anonymous">, string> = {
  consumer: demo.consumer,
  officer: demo.officer,
  admin: demo.admin,
  ownManager: demo.tanCuongManager,
  ownStaff: demo.tanCuongStaff,
  otherManager: demo.baoThaiManager,
};

export interface Session {
  request: APIRequestContext;
  csrf: string;
  close(): Promise<void>;
}

/** A signed-in API context for one role, with a CSRF token of its own session (none for anonymous). */
export async function sessionFor(browser: Browser, who: Who, baseURL: string): Promise<Session> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  let csrf = "";
  if (who !== "anonymous") {
    await signIn(page, accounts[who]);
    await page.goto("/account");
    csrf = (await page.locator("input[name=csrf]").first().getAttribute("value")) ?? "";
    expect(csrf).not.toBe("");
  }
  return { request: context.request, csrf, close: () => context.close() };
}
