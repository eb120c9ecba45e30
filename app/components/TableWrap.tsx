import type { ReactNode } from "react";
import { useT } from "~/lib/use-t";

/**
 * The one box a wide table scrolls sideways in (the page itself never does): a named region the keyboard can reach,
 * so a person without a mouse can scroll it with the arrow keys.
 */
export function TableWrap({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  const t = useT();
  // "Bảng: …": the box is named apart from the section around it, which often carries the same title.
  return (
    <div className={className ? `table-wrap ${className}` : "table-wrap"} role="region" aria-label={t("common.tableRegion", { name: label })} tabIndex={0}>
      {children}
    </div>
  );
}
