import { describe, expect, it } from "vitest";
import { addCriterion, criteriaFromForm, nextCode, parseIntent, parsePoints, removeCriterion } from "./criteria-form";

function form(entries: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
}

describe("the criteria editing form", () => {
  it("reads criteria back by index, drops blank option rows and evidence fields that do not apply", () => {
    const raw = criteriaFromForm(
      form({
        "criteria.1.code": "B1",
        "criteria.1.part": "B",
        "criteria.1.section.vi": "Tiếp thị",
        "criteria.1.section.en": "Marketing",
        "criteria.1.text.vi": " Câu chuyện ",
        "criteria.1.text.en": "Story",
        "criteria.1.evidence": "document",
        "criteria.1.documentKind": "product_story",
        "criteria.1.platformEvidence": "scans",
        "criteria.1.required": "on",
        "criteria.1.options.0.label.vi": "Không",
        "criteria.1.options.0.label.en": "No",
        "criteria.1.options.0.points": "0",
        "criteria.1.options.1.label.vi": "Có",
        "criteria.1.options.1.label.en": "Yes",
        "criteria.1.options.1.points": "2,5",
        "criteria.1.options.2.label.vi": "",
        "criteria.1.options.2.label.en": "",
        "criteria.1.options.2.points": "",
        "criteria.0.code": "A1",
        "criteria.0.part": "A",
        "criteria.0.evidence": "platform_figure",
        "criteria.0.platformEvidence": "scans",
        "criteria.0.documentKind": "photo",
        "criteria.0.options.0.points": "abc",
        "criteria.0.options.0.label.vi": "x",
      }),
    );
    expect(raw.criteria).toEqual([
      {
        code: "A1",
        part: "A",
        section: { vi: "", en: "" },
        text: { vi: "", en: "" },
        options: [{ label: { vi: "x", en: "" }, points: Number.NaN }],
        evidence: "platform_figure",
        platformEvidence: "scans",
        required: false,
        checkAgainstAnnex: false,
      },
      {
        code: "B1",
        part: "B",
        section: { vi: "Tiếp thị", en: "Marketing" },
        text: { vi: "Câu chuyện", en: "Story" },
        options: [
          { label: { vi: "Không", en: "No" }, points: 0 },
          { label: { vi: "Có", en: "Yes" }, points: 2.5 },
        ],
        evidence: "document",
        documentKind: "product_story",
        required: true,
        checkAgainstAnnex: false,
      },
    ]);
  });

  it("parses points with a comma or a point; blank is no value", () => {
    expect(parsePoints("1,5")).toBe(1.5);
    expect(parsePoints(" 3 ")).toBe(3);
    expect(parsePoints("")).toBeUndefined();
    expect(parsePoints("ba")).toBeNaN();
  });

  it("reads the buttons: save by default, publish, add to a part, remove by index", () => {
    expect(parseIntent(null)).toEqual({ kind: "save" });
    expect(parseIntent("publish")).toEqual({ kind: "publish" });
    expect(parseIntent("add:C")).toEqual({ kind: "add", part: "C" });
    expect(parseIntent("add:D")).toEqual({ kind: "save" });
    expect(parseIntent("remove:12")).toEqual({ kind: "remove", index: 12 });
    expect(parseIntent("remove:x")).toEqual({ kind: "save" });
  });

  it("adds a criterion after its part's last one with the next free code, and removes one", () => {
    const list = [
      { code: "A1.1", part: "A" },
      { code: "A1.2", part: "A" },
      { code: "C1", part: "C" },
    ];
    expect(nextCode(list, "A")).toBe("A1.3");
    expect(nextCode(list, "C")).toBe("C2");
    expect(nextCode(list, "B")).toBe("B1");
    const added = addCriterion(list, "B") as Array<{ code: string; part: string }>;
    expect(added.map((c) => c.code)).toEqual(["A1.1", "A1.2", "B1", "C1"]);
    const addedA = addCriterion(list, "A") as Array<{ code: string; options: { points: number }[] }>;
    expect(addedA[2]!.code).toBe("A1.3");
    expect(addedA[2]!.options.map((o) => o.points)).toEqual([0, 1]);
    expect(removeCriterion(list, 1)).toEqual([list[0], list[2]]);
  });
});
