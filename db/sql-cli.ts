/**
 * `npm run db:sql [-- --name <name>]` — writes a migration carrying the db/sql files changed since the last one that copied them
 * (drizzle-kit makes the empty custom migration and its journal entry), and lists its checksum.
 * `npm run db:sql -- check` — fails when db/sql has changes no migration carries, or a landed migration changed.
 * `npm run db:sql -- checksums` — lists the checksums of migrations not listed yet (written by hand or by drizzle-kit).
 * Run from the repository root.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  appendedChecksumList,
  checkMigrationChecksums,
  CHECKSUMS_FILE,
  journalTags,
  migrationText,
  MIGRATIONS_DIR,
  pendingSqlSources,
} from "./sql-source";

const root = process.cwd();
const args = process.argv.slice(2);
const command = args[0] && !args[0].startsWith("--") ? args[0] : "generate";
const rest = command === args[0] ? args.slice(1) : args;

function writeChecksums(): void {
  const { text, added } = appendedChecksumList(root);
  writeFileSync(join(root, CHECKSUMS_FILE), text);
  console.log(added.length ? `${CHECKSUMS_FILE}: listed ${added.join(", ")}` : `${CHECKSUMS_FILE}: nothing new`);
}

function generate(): void {
  const pending = pendingSqlSources(root);
  if (pending.length === 0) {
    console.log("db/sql: every file is already in a migration; nothing to generate.");
    return;
  }
  const nameAt = rest.indexOf("--name");
  const name = nameAt >= 0 && rest[nameAt + 1] ? rest[nameAt + 1]! : `sql_${pending.map((f) => f.name.replace(/\.sql$/, "")).join("_")}`.slice(0, 60);
  const before = journalTags(root).length;
  execFileSync("npx", ["drizzle-kit", "generate", "--custom", "--name", name], { cwd: root, stdio: "inherit" });
  const tags = journalTags(root);
  if (tags.length !== before + 1) throw new Error("drizzle-kit did not add exactly one migration to the journal");
  const file = join(root, MIGRATIONS_DIR, `${tags.at(-1)}.sql`);
  const header = readFileSync(file, "utf8").trim() === "-- Custom SQL migration file, put your code below! --" ? "" : readFileSync(file, "utf8");
  writeFileSync(file, header + migrationText(pending));
  console.log(`${MIGRATIONS_DIR}/${tags.at(-1)}.sql: ${pending.map((f) => f.name).join(", ")}`);
  writeChecksums();
}

function check(): void {
  const pending = pendingSqlSources(root);
  const problems = checkMigrationChecksums(root);
  let ok = true;
  if (pending.length) {
    ok = false;
    console.error(`db/sql changed without a migration (run npm run db:sql): ${pending.map((f) => f.name).join(", ")}`);
  }
  for (const [kind, paths] of Object.entries(problems)) {
    if (paths.length) {
      ok = false;
      console.error(`${CHECKSUMS_FILE}: ${kind}: ${paths.join(", ")}`);
    }
  }
  if (!ok) process.exit(1);
  console.log("db/sql and the migrations' checksums are in step.");
}

if (command === "generate") generate();
else if (command === "checksums") writeChecksums();
else if (command === "check") check();
else {
  console.error(`unknown command ${command}: generate | check | checksums`);
  process.exit(2);
}
