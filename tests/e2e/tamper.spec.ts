import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { freePort, startServer } from "./support/server";

// Its own server and database: the row is changed while the server is stopped, since PGlite is
// one process per data folder.

test("the hash chain verifies, and reports a row altered in the database behind the app's back", async ({ page }) => {
  test.setTimeout(300_000);
  const parent = mkdtempSync(join(tmpdir(), "ocop-tamper-"));
  const dataDir = join(parent, "data");
  // The same address both times, so the page's URL still works after the restart.
  const options = { port: await freePort(), env: { DATA_DIR: dataDir, DEMO_ACCOUNTS: "true" } };
  try {
    let server = await startServer(options);
    const base = server.baseURL;
    await signIn(page, demo.tanCuongManager, undefined, base);
    await page.goto(`${base}/workspace/htx-che-tan-cuong-xanh/batches`);
    const lotLink = page.getByTestId("workspace-batches").locator("tbody a").first();
    const lotCode = (await lotLink.innerText()).trim();
    await lotLink.click();
    await expect(page.getByTestId("chain-status")).toContainText("Nhật ký toàn vẹn");
    const lotUrl = page.url();

    expect((await server.stop()).code).toBe(0);

    // Someone with database access quietly changes what the second event says.
    const db = await PGlite.create(dataDir);
    const changed = await db.query(
      `update trace_events set details = jsonb_set(details, '{notes}', '"sửa lén"')
       where sequence = 2 and batch_id = (select b.id from batches b join organisations o on o.id = b.organisation_id
                                          where b.lot_code = $1 and o.slug = 'htx-che-tan-cuong-xanh')`,
      [lotCode],
    );
    expect(changed.affectedRows).toBe(1);
    await db.close();

    server = await startServer(options);
    await page.goto(lotUrl);
    await expect(page.getByTestId("chain-status")).toHaveText(
      "CẢNH BÁO: nhật ký đã bị sửa đổi ngoài hệ thống từ sự kiện số 2.",
    );
    await server.stop();
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
