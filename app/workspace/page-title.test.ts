import { describe, expect, it } from "vitest";
import { workspacePageTitle } from "./page-title";

const ws = "/workspace/htx-che-tan-cuong-xanh";

describe("workspacePageTitle", () => {
  it("names each section of the workspace by its own words", () => {
    const keys = ["", "/products", "/batches", "/orders", "/listings", "/cases", "/households", "/profile", "/audit"].map(
      (p) => workspacePageTitle(`${ws}${p}`).key,
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(workspacePageTitle(`${ws}/batches`).key).toBe("ws.nav.batches");
  });

  it("tells forms and details apart from their lists", () => {
    expect(workspacePageTitle(`${ws}/batches/new`).key).toBe("ws.batches.new");
    expect(workspacePageTitle(`${ws}/batches/01d7ff4e-ddc1-4326-bacd-f10a36e3d4de`).key).toBe("ws.page.batch");
    expect(workspacePageTitle(`${ws}/batches/01d7ff4e-ddc1-4326-bacd-f10a36e3d4de/labels`).key).toBe("ws.page.labels");
    expect(workspacePageTitle(`${ws}/households/income`).key).toBe("hh.income");
    expect(workspacePageTitle(`${ws}/households/2f5f1b2b-cfe6-435b-8073-24b3db0b63ca`).key).toBe("ws.page.household");
    expect(workspacePageTitle(`${ws}/products/new`).key).toBe("ws.products.new");
    expect(workspacePageTitle(`${ws}/cases/2f5f1b2b-cfe6-435b-8073-24b3db0b63ca`).key).toBe("case.ws.nav");
  });

  it("names an order by its reference", () => {
    expect(workspacePageTitle(`${ws}/orders/DH-92KQ4MXW-1`)).toEqual({ key: "orders.ws.nav", detail: "DH-92KQ4MXW-1" });
  });

  it("falls back to the overview for an address it does not know, a trailing slash or an odd path", () => {
    expect(workspacePageTitle(`${ws}/`).key).toBe("ws.nav.overview");
    expect(workspacePageTitle(`${ws}/no-such-section`).key).toBe("ws.nav.overview");
    expect(workspacePageTitle("").key).toBe("ws.nav.overview");
    expect(workspacePageTitle(`${ws}/orders/%E0%A4%A`).detail).toBeUndefined();
  });
});
