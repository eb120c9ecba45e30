import { describe, expect, it } from "vitest";
import { decompressDigitalLinkPath, decompressElements, isCompressedDigitalLinkPath } from "./compression";

/*
 * Compressed/uncompressed pairs published with GS1's compression reference implementation and its ports:
 * Solidsoft-Reply/Gs1DigitalLinkLib, Tests/Features/DecompressGs1DigitalLink.feature ("Decompress a
 * compressed Digital Link"), and Trust-Codes-Ltd/gs1-compression tests/test_central_functions.py.
 */
const PAIRS: [compressed: string, uncompressed: string][] = [
  ["AQnYUc1gmg", "/01/05412345000013"],
  ["AQnYUc1gmiCNV4JG", "/01/05412345000013/10/ABC123"],
  ["AQnYUc1gmiCNV4JGQhcNT6K6c", "/01/05412345000013/10/ABC123/21/72292641703"],
  ["AQnYUc1gmiCNV4JGRNoBLG-nvPe2p_Ho", "/01/05412345000013/22/AJY3095721P49/10/ABC123"],
  ["AQnYUc1gmiCNV4JGQhcNT6K6cibQCWN9Pee9tT-PQ", "/01/05412345000013/22/AJY3095721P49/10/ABC123/21/72292641703"],
  ["AQnYUc1gmkIXDU-iun", "/01/05412345000013/21/72292641703"],
  ["ARHKVAdpQg", "/01/09780345418913"],
];

describe("GS1 Digital Link decompression", () => {
  it.each(PAIRS)("%s → %s", (compressed, uncompressed) => {
    expect(decompressDigitalLinkPath(`/${compressed}`)).toEqual({ pathname: uncompressed, search: "" });
    expect(isCompressedDigitalLinkPath(`/${compressed}`)).toBe(true);
  });

  it("answers null for another primary key (SSCC 00/998440410914660971, same source): not a GTIN URI", () => {
    expect(decompressElements("AN2yxDhfaiaw")).toBeNull();
    expect(decompressDigitalLinkPath("/AN2yxDhfaiaw")).toBeNull();
  });

  it("decodes each element with its AI", () => {
    expect(decompressElements("AQnYUc1gmiCNV4JG")).toEqual([
      { key: "01", value: "05412345000013", gs1: true },
      { key: "10", value: "ABC123", gs1: true },
    ]);
  });

  it("does not take the app's own pages or junk for a compressed URI", () => {
    for (const path of ["/shop", "/cooperatives", "/workspace", "/origin", "/ZZZZZZZZZZZZ", "/01", "/products/x"]) {
      expect(isCompressedDigitalLinkPath(path)).toBe(false);
    }
  });
});
