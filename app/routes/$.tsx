import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";

// Any path no other route claims: the friendly 404 page with status 404.
export async function loader() {
  throw new Response("Not Found", { status: 404 });
}

export async function action() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
