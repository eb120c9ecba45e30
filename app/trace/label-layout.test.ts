import { describe, expect, it } from "vitest";
import { ellipsize, fitText, humanReadable, isPrintableAscii, wrapPieces } from "./label-layout";

const mono = (text: string, size = 1) => Array.from(text).length * size;
const key = { shortCode: "7K3M9QXW2RTV4", lotCode: "TC-2026/11", gtin: "08930000000019" };

describe("human-readable interpretation", () => {
  it("a GS1 Digital Link label prints its element string in symbol order, the data unencoded", () => {
    expect(humanReadable(key, null, true)).toEqual(["(01) 08930000000019", "(10) TC-2026/11"]);
    expect(humanReadable(key, "ABCDEFGH12345", true)).toEqual(["(01) 08930000000019", "(10) TC-2026/11", "(21) ABCDEFGH12345"]);
  });

  it("a label without a GTIN (or whose URI is the short path) keeps the short code", () => {
    expect(humanReadable({ ...key, gtin: null }, null, false)).toEqual(["7K3M9QXW2RTV4"]);
    expect(humanReadable({ ...key, gtin: null }, "ABCDEFGH12345", true)).toEqual(["7K3M9QXW2RTV4-ABCDEFGH12345"]);
    expect(humanReadable(key, "ABCDEFGH12345", false)).toEqual(["7K3M9QXW2RTV4-ABCDEFGH12345"]);
  });
});

describe("fitting text into a box", () => {
  it("wraps at spaces and breaks a piece longer than the line between characters", () => {
    expect(wrapPieces(["ab", "cd", "ef"], mono, 5)).toEqual(["ab cd", "ef"]);
    expect(wrapPieces(["abcdefghij"], mono, 4)).toEqual(["abcd", "efgh", "ij"]);
    expect(wrapPieces(["", "ab", ""], mono, 4)).toEqual(["ab"]);
    expect(wrapPieces([], mono, 4)).toEqual([]);
  });

  it("shrinks to the largest size at which everything fits", () => {
    const fitted = fitText(["aaaa", "bbbb"], { measure: mono, maxWidth: 9, maxHeight: 1, maxSize: 2, minSize: 0.5, step: 0.5, lineHeight: 1 });
    expect(fitted.size).toBe(1); // 2 and 1.5 need two lines, taller than the box
    expect(fitted.lines).toEqual(["aaaa bbbb"]);
    for (const line of fitted.lines) expect(mono(line, fitted.size)).toBeLessThanOrEqual(9);
    expect(fitted.height).toBeLessThanOrEqual(1);
    const roomy = fitText(["aaaa"], { measure: mono, maxWidth: 8, maxHeight: 10, maxSize: 2, minSize: 0.5, step: 0.5, lineHeight: 1 });
    expect(roomy).toEqual({ size: 2, lines: ["aaaa"], height: 2 });
  });

  it("at the smallest size drops what does not fit and ends with an ellipsis; never wider or taller than the box", () => {
    const fitted = fitText(["one", "two", "three", "four"], { measure: mono, maxWidth: 6, maxHeight: 2, maxSize: 1, minSize: 1, lineHeight: 1 });
    expect(fitted.lines).toHaveLength(2);
    expect(fitted.lines[1]).toMatch(/…$/);
    for (const line of fitted.lines) expect(mono(line)).toBeLessThanOrEqual(6);
    // A box too small for one line: nothing rather than something over the edge.
    expect(fitText(["one"], { measure: mono, maxWidth: 6, maxHeight: 0.5, maxSize: 1, minSize: 1, lineHeight: 1 }).lines).toEqual([]);
    expect(fitText([], { measure: mono, maxWidth: 6, maxHeight: 2, maxSize: 1, minSize: 1, lineHeight: 1 }).lines).toEqual([]);
  });

  it("ellipsizes Vietnamese by characters, not bytes", () => {
    expect(ellipsize("Chè Tân Cương", mono, 6)).toBe("Chè T…");
    expect(ellipsize("Chè", mono, 1)).toBe("…");
  });

  it("knows which lines a printer font can print", () => {
    expect(isPrintableAscii("NSX: 02/11/2026 (01) 0893")).toBe(true);
    expect(isPrintableAscii("Lô: TC-01")).toBe(false);
    expect(isPrintableAscii("tab\there")).toBe(false);
  });
});
