import type { ReactNode } from "react";

/**
 * The one box a wide table scrolls sideways in (the page itself never does): a named region the keyboard can reach,
 * so a person without a mouse can scroll it with the arrow keys.
 */
export function TableWrap({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={className ? `table-wrap ${className}` : "table-wrap"} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
