import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { appendedChecksumList, checkMigrationChecksums, migrationText, pendingSqlSources, readSqlSources } from "./sql-source";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("landed migrations", () => {
  it("are exactly as they landed (db/migrations/checksums.txt)", () => {
    const { changed, removed, unlisted } = checkMigrationChecksums(root);
    expect(changed, "a landed migration was edited: put it back and write a new migration").toEqual([]);
    expect(removed, "a landed migration was removed").toEqual([]);
    expect(unlisted, "new migration files: run `npm run db:sql -- checksums` and commit checksums.txt").toEqual([]);
  });
});

describe("db/sql", () => {
  it("every file is carried by a migration as it is now", () => {
    const pending = pendingSqlSources(root).map((f) => f.name);
    expect(pending, "db/sql changed: run `npm run db:sql` to generate the migration").toEqual([]);
  });
});

describe("the guards themselves", () => {
  let scratch: string | null = null;
  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = null;
  });
  function copyOfProject(): string {
    scratch = mkdtempSync(join(tmpdir(), "ocop-sql-"));
    cpSync(join(root, "db/migrations"), join(scratch, "db/migrations"), { recursive: true });
    cpSync(join(root, "db/sql"), join(scratch, "db/sql"), { recursive: true });
    return scratch;
  }

  it("notice an edited, a removed and a new migration", () => {
    const dir = copyOfProject();
    appendFileSync(join(dir, "db/migrations/0014_catalogue_page_stamp.sql"), "\n-- edited\n");
    rmSync(join(dir, "db/migrations/0016_rebuild_insights.sql"));
    writeFileSync(join(dir, "db/migrations/9999_new.sql"), "select 1;\n");
    const problems = checkMigrationChecksums(dir);
    expect(problems.changed).toEqual(["0014_catalogue_page_stamp.sql"]);
    expect(problems.removed).toEqual(["0016_rebuild_insights.sql"]);
    expect(problems.unlisted).toEqual(["9999_new.sql"]);
    // Listing adds the new file and keeps every listed line as it was (the edited one still fails).
    const { text, added } = appendedChecksumList(dir);
    expect(added).toEqual(["9999_new.sql"]);
    expect(text.startsWith(readFileSync(join(dir, "db/migrations/checksums.txt"), "utf8"))).toBe(true);
  });

  it("notice a db/sql file changed since the migration that carries it", () => {
    const dir = copyOfProject();
    const [first] = readSqlSources(dir);
    expect(first).toBeDefined();
    appendFileSync(join(dir, "db/sql", first!.name), "\n-- changed\n");
    expect(pendingSqlSources(dir).map((f) => f.name)).toEqual([first!.name]);
  });

  it("copy a file into a migration with the marker that carries it", () => {
    const dir = copyOfProject();
    const files = readSqlSources(dir);
    expect(migrationText(files)).toContain(`-- db/sql/${files[0]!.name} sha256:${files[0]!.digest}\n`);
  });
});
