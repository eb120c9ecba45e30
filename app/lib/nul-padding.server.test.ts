import { PassThrough, type Transform } from "node:stream";
import { buffer } from "node:stream/consumers";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { createNulPaddingFilter, stripTrailingNulPadding } from "./nul-padding.server";

function render(through: PassThrough | Transform): Promise<Buffer> {
  const paragraphs = Array.from({ length: 2000 }, (_, i) => createElement("p", { key: i }, `Hợp tác xã Chè Tân Cương số ${i}`));
  const element = createElement("div", null, ...paragraphs);
  return new Promise((resolve, reject) => {
    const { pipe } = renderToPipeableStream(element, {
      onShellReady() {
        buffer(through).then(resolve, reject);
        pipe(through);
      },
      onShellError: reject,
    });
  });
}

describe("stripTrailingNulPadding", () => {
  it("drops up to three trailing NULs and nothing else", () => {
    expect(stripTrailingNulPadding(Buffer.from("ab\0\0", "latin1"))).toEqual(Buffer.from("ab"));
    expect(stripTrailingNulPadding(Buffer.from("ab\0\0\0\0", "latin1"))).toEqual(Buffer.from("ab\0", "latin1"));
    expect(stripTrailingNulPadding(Buffer.from("a\0b", "latin1"))).toEqual(Buffer.from("a\0b", "latin1"));
    const plain = Buffer.from("Hợp tác xã");
    expect(stripTrailingNulPadding(plain)).toBe(plain);
  });
});

describe("React 18's streaming render of long Vietnamese text", () => {
  it("pads chunks with NUL bytes unless filtered, and the filter keeps every character", async () => {
    const raw = await render(new PassThrough());
    expect(raw.includes(0)).toBe(true); // the React bug this filter exists for
    const filtered = await render(createNulPaddingFilter());
    expect(filtered.includes(0)).toBe(false);
    expect(filtered.toString("utf8")).toBe(raw.toString("utf8").replaceAll("\0", ""));
    expect(filtered.toString("utf8")).toContain("Hợp tác xã Chè Tân Cương số 1999");
  });
});
