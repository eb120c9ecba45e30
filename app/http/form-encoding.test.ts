import { describe, expect, it } from "vitest";
import { formEncodingOf, formTextIsUtf8, multipartBoundary, multipartTextIsUtf8, urlencodedIsUtf8 } from "./form-encoding";

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));

describe("urlencoded bodies", () => {
  it("accepts ASCII, escaped Vietnamese, emoji and combining marks", () => {
    expect(urlencodedIsUtf8(bytes("name=Ch%C3%A8+T%C3%A2n+C%C6%B0%C6%A1ng&x="))).toBe(true);
    expect(urlencodedIsUtf8(bytes(new URLSearchParams({ a: "🍵👩‍🌾 e\u0301\u0301", b: "Định Hóa" }).toString()))).toBe(true);
    expect(urlencodedIsUtf8(bytes(""))).toBe(true);
  });

  it("accepts raw (unescaped) UTF-8 bytes and stray percent signs, as the URL parser does", () => {
    expect(urlencodedIsUtf8(utf8("name=Chè&pct=50%&odd=%zz%4"))).toBe(true);
  });

  it("refuses escaped bytes that are not UTF-8", () => {
    for (const body of ["a=%C3%28", "a=%FF", "a=%FE%FF", "a=ok&b=%E2%82", "a=%ED%A0%80" /* a lone surrogate */, "%C3=1", "a=%C0%AF" /* overlong */]) {
      expect(urlencodedIsUtf8(bytes(body)), body).toBe(false);
    }
  });

  it("refuses raw bytes that are not UTF-8, and a character cut by a separator", () => {
    expect(urlencodedIsUtf8(new Uint8Array([0x61, 0x3d, 0xff]))).toBe(false);
    expect(urlencodedIsUtf8(bytes("a=%C3&b=%A8"))).toBe(false);
  });
});

function multipartBody(boundary: string, parts: { headers: string; content: Uint8Array }[]): Uint8Array {
  const chunks: Buffer[] = [];
  for (const part of parts) chunks.push(Buffer.from(`--${boundary}\r\n${part.headers}\r\n\r\n`, "utf8"), Buffer.from(part.content), Buffer.from("\r\n"));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

describe("multipart bodies", () => {
  const boundary = "----formBoundaryX1";
  const text = (name: string, content: Uint8Array) => ({ headers: `Content-Disposition: form-data; name="${name}"`, content });
  const file = (name: string, content: Uint8Array) => ({
    headers: `Content-Disposition: form-data; name="${name}"; filename="ảnh.jpg"\r\nContent-Type: image/jpeg`,
    content,
  });
  const binary = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0xc3, 0x28]);

  it("reads the boundary, quoted or not", () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${boundary}`)).toBe(boundary);
    expect(multipartBoundary(`multipart/form-data; boundary="a b;c"`)).toBe("a b;c");
    expect(multipartBoundary("multipart/form-data")).toBeNull();
  });

  it("accepts UTF-8 text parts beside binary file parts", () => {
    const body = multipartBody(boundary, [text("nameVi", utf8("Chè Tân Cương 🍵")), file("photo", binary), text("empty", new Uint8Array())]);
    expect(multipartTextIsUtf8(body, boundary)).toBe(true);
  });

  it("refuses a text part that is not UTF-8, wherever it is", () => {
    for (const parts of [
      [text("nameVi", new Uint8Array([0x61, 0xc3, 0x28]))],
      [file("photo", binary), text("note", new Uint8Array([0xff, 0xfe]))],
      [text("a", utf8("ok")), text("b", new Uint8Array([0xe2, 0x82]))],
    ]) {
      expect(multipartTextIsUtf8(multipartBody(boundary, parts), boundary)).toBe(false);
    }
  });

  it("refuses part headers that are not UTF-8", () => {
    const body = multipartBody(boundary, [{ headers: 'Content-Disposition: form-data; name="n\xff"', content: utf8("x") }]);
    const raw = Buffer.from(body);
    // The header was written as UTF-8 above; put the raw byte back in.
    const at = raw.indexOf(Buffer.from([0xc3, 0xbf]));
    const broken = Buffer.concat([raw.subarray(0, at), Buffer.from([0xff]), raw.subarray(at + 2)]);
    expect(multipartTextIsUtf8(new Uint8Array(broken), boundary)).toBe(false);
  });

  it("leaves a body that is not well-formed multipart to the form parser", () => {
    expect(multipartTextIsUtf8(bytes("no boundary here \xff"), boundary)).toBe(true);
    expect(multipartTextIsUtf8(bytes(`--${boundary}\r\nContent-Disposition: form-data; name="a"`), boundary)).toBe(true);
  });
});

describe("formTextIsUtf8", () => {
  it("judges forms by their Content-Type and lets other bodies through", () => {
    expect(formEncodingOf("application/x-www-form-urlencoded;charset=UTF-8")).toBe("urlencoded");
    expect(formEncodingOf("Multipart/Form-Data; boundary=x")).toBe("multipart");
    expect(formEncodingOf("application/json")).toBeNull();
    expect(formEncodingOf(undefined)).toBeNull();
    expect(formTextIsUtf8("application/x-www-form-urlencoded", bytes("a=%FF"))).toBe(false);
    expect(formTextIsUtf8("application/json", new Uint8Array([0xff]))).toBe(true);
    expect(formTextIsUtf8("multipart/form-data", new Uint8Array([0xff]))).toBe(true);
  });
});
