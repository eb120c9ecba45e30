import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/auth";

// Its own server and database: the row is changed while the server is stopped, since PGlite is
// one process per data folder.
const root = fileURLToPath(new URL("../..", import.meta.url));
const port = 3295;
const base = `http://127.0.0.1:${port}`;

function start(dataDir: string) {
  const child = spawn(process.execPath, ["build/server.js"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: String(port), PUBLIC_URL: base, DATA_DIR: dataDir, LOG_REQUESTS: "false", DEMO_ACCOUNTS: "true" } as unknown as NodeJS.ProcessEnv,
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const killer = setTimeout(() => child.kill("SIGKILL"), 90_000);
  void exited.finally(() => clearTimeout(killer));
  return { child, exited };
}

async function healthy(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server did not start");
}

test("the hash chain verifies, and reports a row altered in the database behind the app's back", async ({ page }) => {
  test.setTimeout(120_000);
  const parent = mkdtempSync(join(tmpdir(), "ocop-tamper-"));
  const dataDir = join(parent, "data");
  try {
    let server = start(dataDir);
    await healthy();
    await signIn(page, demo.tanCuongManager, undefined, base);
    await page.goto(`${base}/workspace/htx-che-tan-cuong-xanh/batches`);
    const lotLink = page.getByTestId("workspace-batches").locator("tbody a").first();
    const lotCode = (await lotLink.innerText()).trim();
    await lotLink.click();
    await expect(page.getByTestId("chain-status")).toContainText("Nhật ký toàn vẹn");
    const lotUrl = page.url();

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);

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

    server = start(dataDir);
    await healthy();
    await page.goto(lotUrl);
    await expect(page.getByTestId("chain-status")).toHaveText(
      "CẢNH BÁO: nhật ký đã bị sửa đổi ngoài hệ thống từ sự kiện số 2.",
    );
    server.child.kill("SIGTERM");
    await server.exited;
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
