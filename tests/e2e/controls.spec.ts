import { expect, test, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { docsScreenshot } from "./support/screenshots";
import { addToCart } from "./support/shop";

/**
 * Every radio and checkbox sits right beside its words, on a desktop and on a phone: its circle or box is small, and
 * the words start within a few pixels of it on the same line.
 */
async function controlsBesideTheirWords(page: Page): Promise<number> {
  const measured = await page.locator("input[type=radio], input[type=checkbox]").evaluateAll((inputs) =>
    inputs
      .filter((input) => (input as HTMLElement).offsetParent !== null)
      .map((input) => {
        const label = input.closest("label") ?? (input.id ? document.querySelector(`label[for="${input.id}"]`) : null);
        const box = input.getBoundingClientRect();
        if (!label) return { name: (input as HTMLInputElement).name, problem: "no label" };
        const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
        let first: Text | null = null;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.textContent && node.textContent.trim() !== "") {
            first = node as Text;
            break;
          }
        }
        if (!first) return { name: (input as HTMLInputElement).name, problem: "no words" };
        const range = document.createRange();
        range.selectNodeContents(first);
        const text = range.getClientRects()[0]!;
        return {
          name: (input as HTMLInputElement).name,
          width: box.width,
          gap: text.left - box.right,
          sameLine: text.top < box.bottom && text.bottom > box.top,
        };
      }),
  );
  for (const m of measured) {
    expect(m, JSON.stringify(m)).not.toHaveProperty("problem");
    const { width, gap, sameLine } = m as { width: number; gap: number; sameLine: boolean };
    expect(width, `${m.name}: control width`).toBeLessThanOrEqual(24);
    expect(gap, `${m.name}: gap to its words`).toBeGreaterThanOrEqual(0);
    expect(gap, `${m.name}: gap to its words`).toBeLessThanOrEqual(16);
    expect(sameLine, `${m.name}: on the line of its words`).toBe(true);
  }
  return measured.length;
}

for (const viewport of [
  { width: 1366, height: 800 },
  { width: 390, height: 844 },
]) {
  test.describe(`radios and checkboxes at ${viewport.width} px`, () => {
    test.use({ viewport });

    test("sign-up's account type and the shop's stock filter", async ({ page }) => {
      await page.goto("/signup");
      expect(await controlsBesideTheirWords(page)).toBeGreaterThanOrEqual(2);
      await page.goto("/shop");
      expect(await controlsBesideTheirWords(page)).toBeGreaterThanOrEqual(1);
    });

    test("checkout's payment choice @screenshots", async ({ page }) => {
      await addToCart(page, "che-tan-cuong-dac-biet", 1);
      await page.goto("/checkout");
      expect(await controlsBesideTheirWords(page)).toBeGreaterThanOrEqual(2);
      if (viewport.width < 500) await docsScreenshot(page, "checkout-mobile", { fullPage: true });
    });

    test("a household delivery's choice of lot", async ({ page }) => {
      await signIn(page, demo.tanCuongManager);
      await page.goto("/workspace/htx-che-tan-cuong-xanh/households/supplies");
      expect(await controlsBesideTheirWords(page)).toBeGreaterThanOrEqual(2);
    });
  });
}
