import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import type { MessageKey } from "~/lib/i18n";
import { uploadKinds, type UploadKind, type UploadRejection } from "./file-types";

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

class UploadLimitError extends Error {
  constructor(readonly problem: UploadFormProblem) {
    super(problem);
  }
}

const defaultMaxFileBytes = Math.max(...Object.values(uploadKinds).map((kind) => kind.maxBytes));

/**
 * Reads a multipart form into memory within limits. Going over a limit is the user's to fix, so it
 * comes back as `{ ok: false }` rather than a thrown error (which would be a 500).
 */
export async function parseUploadForm(request: Request, options: UploadFormOptions = {}): Promise<UploadForm> {
  const maxFileBytes = options.maxFileBytes ?? defaultMaxFileBytes;
  const maxFiles = options.maxFiles ?? 10;
  const maxTotalBytes = options.maxTotalBytes ?? maxFileBytes * Math.min(maxFiles, 3);

  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data\s*;.*boundary=/i.test(contentType)) return { ok: false, problem: "not_multipart" };
  const declaredLength = Number(request.headers.get("Content-Length") ?? NaN);
  // Refused before reading when the browser already says the body is too big.
  if (declaredLength > maxTotalBytes + 64 * 1024) return { ok: false, problem: "form_too_large" };

  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes });
  let total = 0;
  let fileCount = 0;
  const counted = async function* (data: AsyncIterable<Uint8Array>) {
    for await (const chunk of data) {
      total += chunk.byteLength;
      if (total > maxTotalBytes) throw new UploadLimitError("form_too_large");
      yield chunk;
    }
  };
  const handler: UploadHandler = async (part) => {
    if (part.filename !== undefined && ++fileCount > maxFiles) throw new UploadLimitError("too_many_files");
    return memory({ ...part, data: counted(part.data) });
  };

  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError || isPartSizeError(error)) {
      return { ok: false, problem: "file_too_large", field: error.field };
    }
    if (error instanceof UploadLimitError) return { ok: false, problem: error.problem };
    if (error instanceof TypeError && /parse content as FormData/.test(error.message)) {
      return { ok: false, problem: "not_multipart" };
    }
    throw error;
  }

  const fields = new FormData();
  const files = new Map<string, UploadedFile[]>();
  for (const [field, value] of formData) {
    if (typeof value === "string") {
      fields.append(field, value);
      continue;
    }
    // A file input left empty still sends a part with no name and no bytes.
    if (value.name === "" && value.size === 0) continue;
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

// Two copies of the Remix runtime (ESM and CommonJS) would each have their own error class.
function isPartSizeError(error: unknown): error is MaxPartSizeExceededError {
  return error instanceof Error && "maxBytes" in error && "field" in error && typeof error.field === "string";
}

/** The message to show next to the file field for a form-level or storage-level refusal. */
export function uploadProblemMessage(problem: UploadFormProblem | UploadRejection, kind: UploadKind = "photo"): MessageKey {
  if (typeof problem === "string") {
    return problem === "file_too_large" ? `upload.rejection.too_large.${kind}` : `upload.problem.${problem}`;
  }
  return problem.reason === "too_large" ? `upload.rejection.too_large.${problem.kind}` : `upload.rejection.${problem.reason}`;
}
