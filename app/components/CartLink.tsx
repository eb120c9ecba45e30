import { Link, useRouteLoaderData } from "@remix-run/react";
import { useT } from "~/lib/use-t";

/** The header's link to the cart, with the number of units in it (from the root loader). */
export function CartLink() {
  const t = useT();
  const data = useRouteLoaderData("root") as { cartUnits?: number } | undefined;
  const units = data?.cartUnits ?? 0;
  return (
    <Link to="/cart" className="cart-link" aria-label={units > 0 ? t("cart.nav.linkWithCount", { count: units }) : t("cart.nav.link")} data-testid="cart-link">
      {t("cart.nav.link")}
      {units > 0 ? (
        <span className="cart-link__count" aria-hidden="true" data-testid="cart-count">
          {` (${units})`}
        </span>
      ) : null}
    </Link>
  );
}
