import { describe, expect, it } from "vitest";
import { messages } from "~/lib/i18n";
import { checkUpload } from "./file-types";
import { minimalPdf, onePixelPng } from "../../tests/setup/test-files";
import { parseUploadForm, uploadProblemMessage } from "./upload-form.server";

function multipartRequest(form: FormData): Request {
  return new Request("http://localhost/upload", { method: "POST", body: form });
}

describe("parseUploadForm", () => {
  it("separates text fields from chosen files", async () => {
    const form = new FormData();
    form.append("csrf", "token-1");
    form.append("name", "Chè Tân Cương");
    form.append("photo", new File([onePixelPng()], "che.png", { type: "image/png" }));
    form.append("certificate", new File([minimalPdf()], "giay.pdf", { type: "application/pdf" }));
    const result = await parseUploadForm(multipartRequest(form));
    if (!result.ok) throw new Error(result.problem);
    expect(Object.fromEntries(result.fields)).toEqual({ csrf: "token-1", name: "Chè Tân Cương" });
    expect([...result.files.keys()]).toEqual(["photo", "certificate"]);
    const photo = result.files.get("photo")![0]!;
    expect(photo).toMatchObject({ field: "photo", declaredName: "che.png", declaredType: "image/png" });
    expect(photo.bytes).toEqual(onePixelPng());
    expect(checkUpload({ ...photo, kind: "photo" })).toMatchObject({ ok: true });
  });

  it("leaves out a file input where nothing was chosen, as browsers send it", async () => {
    const body =
      '--XX\r\nContent-Disposition: form-data; name="photo"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n' +
      '--XX\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--XX--\r\n';
    const request = new Request("http://localhost/upload", {
      method: "POST",
      body,
      headers: { "Content-Type": "multipart/form-data; boundary=XX" },
    });
    const result = await parseUploadForm(request);
    if (!result.ok) throw new Error(result.problem);
    expect(result.files.size).toBe(0);
    expect(Object.fromEntries(result.fields)).toEqual({ note: "hi" });
  });

  it("turns an oversize file into a problem the user can fix, not an exception", async () => {
    const form = new FormData();
    form.append("photo", new File([new Uint8Array(2048)], "big.png", { type: "image/png" }));
    const result = await parseUploadForm(multipartRequest(form), { maxFileBytes: 1024 });
    expect(result).toEqual({ ok: false, problem: "file_too_large", field: "photo" });
  });

  it("caps the number of files and the size of the whole form", async () => {
    const many = new FormData();
    for (let i = 0; i < 4; i++) many.append("photos", new File([onePixelPng()], `${i}.png`));
    expect(await parseUploadForm(multipartRequest(many), { maxFiles: 3 })).toEqual({ ok: false, problem: "too_many_files" });

    const heavy = new FormData();
    for (let i = 0; i < 3; i++) heavy.append("photos", new File([new Uint8Array(900)], `${i}.png`));
    const request = multipartRequest(heavy);
    // No Content-Length, as with a chunked upload: the running total still stops it.
    expect(await parseUploadForm(request, { maxFileBytes: 1000, maxTotalBytes: 2000 })).toEqual({ ok: false, problem: "form_too_large" });
  });

  it("stops reading a streamed body once it passes the cap, whatever the parts say", async () => {
    const chunk = new TextEncoder().encode(`--XX\r\nContent-Disposition: form-data; name="note"\r\n\r\n${"x".repeat(32 * 1024)}`);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 1000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request("http://localhost/upload", {
      method: "POST",
      body: endless,
      headers: { "Content-Type": "multipart/form-data; boundary=XX" },
      duplex: "half",
    } as RequestInit);
    expect(await parseUploadForm(request, { maxFileBytes: 1000, maxTotalBytes: 2000 })).toEqual({ ok: false, problem: "form_too_large" });
    // 64 KiB of room for text fields: the parser read a handful of 32 KiB chunks, not all thousand.
    expect(sent).toBeLessThan(10);
  });

  it("refuses a body that is not multipart", async () => {
    const request = new Request("http://localhost/upload", { method: "POST", body: new URLSearchParams({ a: "1" }) });
    expect(await parseUploadForm(request)).toEqual({ ok: false, problem: "not_multipart" });
  });

  it("names a message in both languages for every problem and refusal", () => {
    const keys = [
      uploadProblemMessage("file_too_large", "document"),
      uploadProblemMessage("too_many_files"),
      uploadProblemMessage("form_too_large"),
      uploadProblemMessage("not_multipart"),
      ...(["empty", "too_large", "unrecognised", "markup_refused", "not_allowed", "name_mismatch", "truncated", "damaged", "active_content"] as const).map(
        (reason) => uploadProblemMessage({ ok: false, reason, kind: "photo" }),
      ),
    ];
    expect(keys).toContain("upload.rejection.too_large.document");
    expect(keys).toContain("upload.rejection.too_large.photo");
    for (const key of keys) {
      expect(messages.vi[key]).toBeTruthy();
      expect(messages.en[key]).toBeTruthy();
    }
  });
});
