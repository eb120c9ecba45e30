import type { MessageKey } from "~/lib/i18n";
import { stripControlCharacters } from "~/lib/form-values";
import { uploadKinds, type UploadKind, type UploadRejection } from "./file-types";

/**
 * Reads a multipart form with the platform's own parser (web-standard Request/Response), so storage
 * stays framework-free: the route hands the request over and gets plain values back.
 */

/** One file part of a multipart form, ready for `storage.put`. */
export interface UploadedFile {
  field: string;
  bytes: Uint8Array;
  declaredName: string;
  declaredType: string;
}

export type UploadFormProblem = "file_too_large" | "too_many_files" | "form_too_large" | "not_multipart";

export type UploadForm =
  | {
      ok: true;
      /** Text fields only, for the route's zod schema (and its CSRF check). */
      fields: FormData;
      /** Chosen files by field name; an empty file input (nothing chosen) is left out. */
      files: Map<string, UploadedFile[]>;
    }
  | { ok: false; problem: UploadFormProblem; field?: string };

export interface UploadFormOptions {
  /** Largest single part; defaults to the largest size any upload kind accepts. */
  maxFileBytes?: number;
  maxFiles?: number;
  /** Cap on the whole body, so many parts under the per-part limit cannot exhaust memory. */
  maxTotalBytes?: number;
}

const defaultMaxFileBytes = Math.max(...Object.values(uploadKinds).map((kind) => kind.maxBytes));
/** Room for the text fields and the part headers beside the files. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Reads a multipart form into memory within limits. Going over a limit is the user's to fix, so it
 * comes back as `{ ok: false }` rather than a thrown error (which would be a 500).
 */
export async function parseUploadForm(request: Request, options: UploadFormOptions = {}): Promise<UploadForm> {
  const maxFileBytes = options.maxFileBytes ?? defaultMaxFileBytes;
  const maxFiles = options.maxFiles ?? 10;
  const maxTotalBytes = options.maxTotalBytes ?? maxFileBytes * Math.min(maxFiles, 3);
  const maxBodyBytes = maxTotalBytes + FORM_OVERHEAD_BYTES;

  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data\s*;.*boundary=/i.test(contentType) || !request.body) return { ok: false, problem: "not_multipart" };
  const declaredLength = Number(request.headers.get("Content-Length") ?? NaN);
  // Refused before reading when the browser already says the body is too big.
  if (declaredLength > maxBodyBytes) return { ok: false, problem: "form_too_large" };

  // The running total stops a body without (or lying about) its length before it fills memory.
  let total = 0;
  let overLimit = false;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > maxBodyBytes) {
          overLimit = true;
          controller.error(new Error("form_too_large"));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );

  let formData: FormData;
  try {
    formData = await new Response(counted, { headers: { "Content-Type": contentType } }).formData();
  } catch (error) {
    if (overLimit) return { ok: false, problem: "form_too_large" };
    if (error instanceof TypeError) return { ok: false, problem: "not_multipart" };
    throw error;
  }

  const fields = new FormData();
  const files = new Map<string, UploadedFile[]>();
  let fileCount = 0;
  let fileBytes = 0;
  for (const [field, value] of formData) {
    if (typeof value === "string") {
      // Control characters (a NUL cannot be stored in PostgreSQL text) are never part of what a person typed.
      fields.append(field, stripControlCharacters(value));
      continue;
    }
    // A file input left empty still sends a part with no name and no bytes.
    if (value.name === "" && value.size === 0) continue;
    if (++fileCount > maxFiles) return { ok: false, problem: "too_many_files" };
    if (value.size > maxFileBytes) return { ok: false, problem: "file_too_large", field };
    fileBytes += value.size;
    if (fileBytes > maxTotalBytes) return { ok: false, problem: "form_too_large" };
    const upload: UploadedFile = {
      field,
      bytes: new Uint8Array(await value.arrayBuffer()),
      declaredName: value.name,
      declaredType: value.type,
    };
    files.set(field, [...(files.get(field) ?? []), upload]);
  }
  return { ok: true, fields, files };
}

/** The message to show next to the file field for a form-level or storage-level refusal. */
export function uploadProblemMessage(problem: UploadFormProblem | UploadRejection, kind: UploadKind = "photo"): MessageKey {
  if (typeof problem === "string") {
    return problem === "file_too_large" ? `upload.rejection.too_large.${kind}` : `upload.problem.${problem}`;
  }
  return problem.reason === "too_large" ? `upload.rejection.too_large.${problem.kind}` : `upload.rejection.${problem.reason}`;
}
