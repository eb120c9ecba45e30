/**
 * Loads the vendored GS1 Barcode Syntax Dictionary. gs1-syntax-dictionary.txt beside this file is a
 * byte-identical copy of ../shared/standards/gs1-syntax-dictionary.txt, itself from
 * https://github.com/gs1/gs1-syntax-dictionary @ ff2eb4b (Apache-2.0; licence header kept in the file).
 * To update: copy the new release over it and run the gs1 tests.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSyntaxDictionary, type SyntaxDictionary } from "./syntax-dictionary";

const FILE_NAME = "gs1-syntax-dictionary.txt";

/** Where the file may be: beside this module (source, tests) or under the project root (bundled server in build/). */
export function syntaxDictionaryCandidates(): string[] {
  return [
    fileURLToPath(new URL(`./${FILE_NAME}`, import.meta.url)),
    fileURLToPath(new URL(`../app/trace/gs1/${FILE_NAME}`, import.meta.url)),
    join(process.cwd(), "app", "trace", "gs1", FILE_NAME),
  ];
}

let cached: SyntaxDictionary | undefined;

/** The parsed dictionary, read once per process. */
export function getSyntaxDictionary(): SyntaxDictionary {
  if (cached) return cached;
  const path = syntaxDictionaryCandidates().find((p) => existsSync(p));
  if (!path) throw new Error(`GS1 syntax dictionary not found; looked in ${syntaxDictionaryCandidates().join(", ")}`);
  cached = parseSyntaxDictionary(readFileSync(path, "utf8"));
  return cached;
}
