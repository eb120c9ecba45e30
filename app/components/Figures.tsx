import { formatNumber } from "~/lib/format";
import type { MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";

/** Headline numbers as a definition list: label above, figure below. */
export function Figures({ items, className = "stats" }: { items: ReadonlyArray<{ key: MessageKey; value: number }>; className?: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <dl className={className}>
      {items.map((f) => (
        <div key={f.key} className="stats__item">
          <dt>{t(f.key)}</dt>
          <dd>{formatNumber(f.value, locale)}</dd>
        </div>
      ))}
    </dl>
  );
}
