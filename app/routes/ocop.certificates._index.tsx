import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { certificatePath } from "~/ocop/certificate-paths";

/** The "check a number" form lands here (GET ?number=…) and goes on to that number's page (which says if it is unknown). */
export async function loader({ request }: LoaderFunctionArgs) {
  const number = (new URL(request.url).searchParams.get("number") ?? "").trim().slice(0, 200);
  return redirect(number ? certificatePath(number) : "/ocop");
}
