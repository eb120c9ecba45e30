import { expect, test, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";

/** At a laptop's 1366 px, a dashboard shows every column of its tables and its filters side by side, none over another. */
async function laidOutForDesktop(page: Page): Promise<void> {
  const boxes = await page.locator("form[aria-labelledby=filters-legend] .field").evaluateAll((fields) =>
    fields.map((f) => {
      const r = f.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: (f.textContent ?? "").trim().slice(0, 30) };
    }),
  );
  expect(boxes.length).toBeGreaterThanOrEqual(4);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
      expect(overlap, `filters "${a.text}" and "${b.text}" overlap`).toBe(false);
    }
  }
  // Each field's control stays inside its field.
  const spills = await page.locator("form[aria-labelledby=filters-legend] .field :is(select, input)").evaluateAll((controls) =>
    controls.filter((c) => c.getBoundingClientRect().right > c.closest(".field")!.getBoundingClientRect().right + 1).map((c) => (c as HTMLInputElement).name),
  );
  expect(spills).toEqual([]);
  const hidden = await page.locator(".table-wrap").evaluateAll((wraps) =>
    wraps.filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => w.closest("section")?.getAttribute("data-table") ?? "?"),
  );
  expect(hidden, "tables whose columns are cut off at 1366 px").toEqual([]);
}

test.describe("department dashboards on a 1366 px laptop", () => {
  test.use({ viewport: { width: 1366, height: 768 } });
  test("filters side by side and every table column visible", async ({ page }) => {
    await signIn(page, demo.officer);
    for (const path of ["/department", "/department/market", "/department/value-chains", "/department/households"]) {
      await page.goto(`${path}?province=19&from=2026-01&to=2026-11`);
      await laidOutForDesktop(page);
    }
  });
});
