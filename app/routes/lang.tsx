import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { locales } from "~/lib/i18n";
import { localeCookieHeader } from "~/lib/locale.server";
import { safeRedirectPath } from "~/lib/safe-redirect";

const switchLanguage = z.object({
  lang: z.enum(locales),
  redirectTo: z.string().optional(),
});

/** POST /lang: remember the chosen language, then go back to the page the visitor was on. */
export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = switchLanguage.safeParse(form);
  if (!parsed.success) throw new Response("Bad Request", { status: 400 });
  const secure = new URL(request.url).protocol === "https:";
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { "Set-Cookie": localeCookieHeader(parsed.data.lang, secure) },
  });
}

export async function loader() {
  return redirect("/");
}
