import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countAppliedMigrations, openDatabase } from "#db/client.server";
import { organisations, provinces } from "#db/schema";
import { createTestDatabase, migrationsFolder, type TestDatabase } from "../tests/setup/db";

describe("database layer", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("applies every committed migration", async () => {
    expect(await countAppliedMigrations(t.db)).toBeGreaterThan(0);
  });

  it("running the migrations again changes nothing", async () => {
    const before = await countAppliedMigrations(t.db);
    await t.migrate(migrationsFolder);
    expect(await countAppliedMigrations(t.db)).toBe(before);
  });

  it("returns what was written", async () => {
    const [created] = await t.db
      .insert(organisations)
      .values({ slug: "htx-thu-nghiem", kind: "cooperative", name: "HTX Thử Nghiệm", status: "active" })
      .returning();
    const [read] = await t.db.select().from(organisations).where(eq(organisations.id, created!.id));
    expect(read?.name).toBe("HTX Thử Nghiệm");
    expect(read?.createdAt).toBeInstanceOf(Date);
  });

  it("enforces the schema's checks", async () => {
    await expect(
      t.db.insert(provinces).values({ code: "1", nameVi: "X", nameEn: "X", kind: "province", slug: "x" }),
    ).rejects.toThrow();
  });
});

describe("embedded database on disk", () => {
  it("keeps its data across a reopen", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const parent = mkdtempSync(join(tmpdir(), "ocop-pglite-"));
    const dir = join(parent, "nested", "data");
    try {
      const first = await openDatabase({ driver: "pglite", dataDir: dir });
      await first.migrate(migrationsFolder);
      await first.db.insert(organisations).values({ slug: "htx-a", kind: "cooperative", name: "HTX A" });
      await first.close();
      const second = await openDatabase({ driver: "pglite", dataDir: dir });
      const rows = await second.db.select().from(organisations);
      expect(rows.map((r) => r.slug)).toEqual(["htx-a"]);
      await second.close();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it("lets one process at a time open a data folder, and gives it back on close", async () => {
    const { mkdtempSync, rmSync, existsSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const parent = mkdtempSync(join(tmpdir(), "ocop-pglite-lock-"));
    const dir = join(parent, "data");
    try {
      const first = await openDatabase({ driver: "pglite", dataDir: dir });
      await expect(openDatabase({ driver: "pglite", dataDir: dir })).rejects.toThrow(
        new RegExp(`^The embedded database in .*data is in use by process ${process.pid} `),
      );
      // The holder still works after the refused open.
      await first.ping();
      await first.close();
      expect(existsSync(`${dir}.lock`)).toBe(false);
      const again = await openDatabase({ driver: "pglite", dataDir: dir });
      await again.close();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
