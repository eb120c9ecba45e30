import { describe, expect, it } from "vitest";
import { checkUpload, sniffFormat, uploadKinds } from "./file-types";
import { minimalPdf, onePixelJpeg, onePixelPng, onePixelWebp, textFile } from "../../tests/setup/test-files";

describe("sniffing", () => {
  it("names real files by their bytes", () => {
    expect(sniffFormat(onePixelPng())).toBe("png");
    expect(sniffFormat(onePixelJpeg())).toBe("jpeg");
    expect(sniffFormat(onePixelWebp())).toBe("webp");
    expect(sniffFormat(minimalPdf())).toBe("pdf");
    expect(sniffFormat(textFile("hello"))).toBeNull();
  });
});

describe("checkUpload", () => {
  it("accepts genuine photos and documents, whatever name and type the browser gave", () => {
    expect(checkUpload({ bytes: onePixelPng(), kind: "photo", declaredName: "anh.PNG", declaredType: "image/png" })).toEqual({
      ok: true,
      format: "png",
      extension: "png",
      contentType: "image/png",
    });
    expect(checkUpload({ bytes: onePixelJpeg(), kind: "photo", declaredName: "IMG_0001.jpeg", declaredType: "image/jpeg" })).toMatchObject({
      ok: true,
      extension: "jpg",
    });
    expect(checkUpload({ bytes: onePixelWebp(), kind: "photo", declaredName: "che.webp" })).toMatchObject({ ok: true, format: "webp" });
    expect(checkUpload({ bytes: minimalPdf(), kind: "document", declaredName: "giay-chung-nhan.pdf" })).toMatchObject({
      ok: true,
      contentType: "application/pdf",
    });
    expect(checkUpload({ bytes: onePixelPng(), kind: "document", declaredName: "scan.png" })).toMatchObject({ ok: true });
    // No extension, or a type the browser did not know, says nothing against the bytes.
    expect(checkUpload({ bytes: onePixelJpeg(), kind: "photo", declaredName: "camera", declaredType: "application/octet-stream" })).toMatchObject({ ok: true });
  });

  it("refuses an empty file", () => {
    expect(checkUpload({ bytes: new Uint8Array(), kind: "photo", declaredName: "a.jpg" })).toMatchObject({ ok: false, reason: "empty" });
  });

  it("refuses a file over the kind's limit", () => {
    const png = onePixelPng();
    const big = new Uint8Array(uploadKinds.photo.maxBytes + 1);
    big.set(png);
    expect(checkUpload({ bytes: big, kind: "photo", declaredName: "a.png" })).toMatchObject({ ok: false, reason: "too_large", kind: "photo" });
  });

  it("refuses a PNG renamed .pdf, and a JPEG declared as PNG", () => {
    expect(checkUpload({ bytes: onePixelPng(), kind: "document", declaredName: "certificate.pdf" })).toMatchObject({
      ok: false,
      reason: "name_mismatch",
      detected: "png",
    });
    expect(checkUpload({ bytes: onePixelJpeg(), kind: "photo", declaredName: "a.jpg", declaredType: "image/png" })).toMatchObject({
      ok: false,
      reason: "name_mismatch",
    });
  });

  it("refuses a PDF where only photos are accepted", () => {
    expect(checkUpload({ bytes: minimalPdf(), kind: "photo", declaredName: "a.pdf" })).toMatchObject({ ok: false, reason: "not_allowed", detected: "pdf" });
  });

  it("refuses HTML and SVG disguised as images", () => {
    const html = textFile("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");
    expect(checkUpload({ bytes: html, kind: "photo", declaredName: "photo.jpg", declaredType: "image/jpeg" })).toMatchObject({
      ok: false,
      reason: "markup_refused",
    });
    const svg = textFile('\uFEFF<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    expect(checkUpload({ bytes: svg, kind: "photo", declaredName: "logo.jpg" })).toMatchObject({ ok: false, reason: "markup_refused" });
    expect(checkUpload({ bytes: textFile("<svg></svg>"), kind: "document", declaredName: "logo.svg" })).toMatchObject({
      ok: false,
      reason: "markup_refused",
    });
    expect(checkUpload({ bytes: textFile("just some notes"), kind: "document", declaredName: "notes.txt" })).toMatchObject({
      ok: false,
      reason: "unrecognised",
    });
  });

  it("refuses polyglots: a valid image carrying a script", () => {
    const png = onePixelPng("<script>alert(1)</script>");
    expect(checkUpload({ bytes: png, kind: "photo", declaredName: "a.png" })).toMatchObject({ ok: false, reason: "active_content" });
    const jpeg = onePixelJpeg();
    const withTrailer = new Uint8Array([...jpeg, ...textFile("<html><img src=x onerror=alert(1)>")]);
    expect(checkUpload({ bytes: withTrailer, kind: "photo", declaredName: "a.jpg" })).toMatchObject({ ok: false, reason: "active_content" });
  });

  it("refuses a PDF that runs JavaScript or launches programs, even spelled with #xx escapes", () => {
    for (const action of [
      "/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
      "/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>",
      "/OpenAction << /S /Launch /F (cmd.exe) >>",
    ]) {
      expect(checkUpload({ bytes: minimalPdf(action), kind: "document", declaredName: "a.pdf" })).toMatchObject({
        ok: false,
        reason: "active_content",
      });
    }
  });

  it("refuses truncated files", () => {
    const cut = (bytes: Uint8Array, drop: number) => bytes.subarray(0, bytes.length - drop);
    expect(checkUpload({ bytes: cut(onePixelPng(), 12), kind: "photo" })).toMatchObject({ ok: false, reason: "truncated" });
    expect(checkUpload({ bytes: cut(onePixelPng(), 30), kind: "photo" })).toMatchObject({ ok: false, reason: "truncated" });
    expect(checkUpload({ bytes: cut(onePixelJpeg(), 2), kind: "photo" })).toMatchObject({ ok: false, reason: "truncated" });
    expect(checkUpload({ bytes: cut(onePixelJpeg(), 60), kind: "photo" })).toMatchObject({ ok: false, reason: "truncated" });
    expect(checkUpload({ bytes: cut(onePixelWebp(), 4), kind: "photo" })).toMatchObject({ ok: false, reason: "truncated" });
    expect(checkUpload({ bytes: cut(minimalPdf(), 20), kind: "document" })).toMatchObject({ ok: false, reason: "truncated" });
    expect(checkUpload({ bytes: new Uint8Array([0xff, 0xd8, 0xff]), kind: "photo" })).toMatchObject({ ok: false, reason: "truncated" });
  });

  it("refuses structurally damaged images and data hidden after a PNG's end", () => {
    const png = onePixelPng();
    expect(checkUpload({ bytes: new Uint8Array([...png, 1, 2, 3]), kind: "photo" })).toMatchObject({ ok: false, reason: "damaged" });
    const wrongFirstChunk = png.slice();
    wrongFirstChunk.set(Buffer.from("IDAT", "latin1"), 12);
    expect(checkUpload({ bytes: wrongFirstChunk, kind: "photo" })).toMatchObject({ ok: false, reason: "damaged" });
    const jpeg = onePixelJpeg();
    const broken = jpeg.slice();
    broken[2 + 18] = 0x00; // where the DQT marker should start
    expect(checkUpload({ bytes: broken, kind: "photo" })).toMatchObject({ ok: false, reason: "damaged" });
  });

  it("allows data after a JPEG's end, as some phones write", () => {
    const jpeg = onePixelJpeg();
    const trailer = new Uint8Array([...jpeg, ...textFile("SEFH\0\0\0\0motion-photo-data")]);
    expect(checkUpload({ bytes: trailer, kind: "photo", declaredName: "20260101_0800.jpg" })).toMatchObject({ ok: true });
  });
});
