import { z } from "zod";

/** URL slugs as the catalogue writes them; anything else cannot name a record. */
export const slugParam = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(120);

/** Parses a route parameter; a value that cannot name a record is a 404, not a 400. */
export function parseSlugOr404(value: string | undefined): string {
  const parsed = slugParam.safeParse(value);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  return parsed.data;
}
