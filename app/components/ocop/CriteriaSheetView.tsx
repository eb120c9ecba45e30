import type { MessageKey } from "~/lib/i18n";
import { formatNumber } from "~/lib/format";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { criterionMaximum, ocopParts, PART_MAXIMA, type CriteriaSheet, type Criterion, type OcopPart, type SheetProblem } from "~/ocop/rules";

/** What a criterion needs as evidence, in words. */
export function useEvidenceText(): (c: Criterion) => string {
  const t = useT();
  return (c) => {
    const kind = t(`ocopc.evidence.${c.evidence}` as MessageKey);
    if (c.evidence === "document" && c.documentKind) return `${kind}: ${t(`ocopc.doc.${c.documentKind}` as MessageKey)}`;
    if (c.evidence === "platform_figure" && c.platformEvidence) return `${kind}: ${t(`ocopc.pe.${c.platformEvidence}` as MessageKey)}`;
    return kind;
  };
}

/** The problems that stop a sheet from being published, one sentence each. */
export function SheetProblems({ problems }: { problems: readonly SheetProblem[] }) {
  const t = useT();
  const locale = useLocale();
  if (problems.length === 0) return null;
  return (
    <div className="notice notice--danger" role="alert" data-testid="sheet-problems">
      <p style={{ margin: 0 }}>{t("ocopc.problems.title")}</p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            {p.kind === "part_maximum"
              ? t("ocopc.problem.part_maximum", { part: p.part, actual: formatNumber(p.actual, locale, 2), expected: p.expected })
              : t(`ocopc.problem.${p.kind}`, { code: p.code })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A sheet read-only: by part and section, each criterion with its options, points and evidence. */
export function CriteriaSheetView({ sheet }: { sheet: CriteriaSheet }) {
  const t = useT();
  const locale = useLocale();
  const evidenceText = useEvidenceText();
  const total = sheet.criteria.reduce((n, c) => n + criterionMaximum(c), 0);
  return (
    <div data-testid="criteria-sheet">
      {ocopParts.map((part: OcopPart) => {
        const criteria = sheet.criteria.filter((c) => c.part === part);
        const partMax = criteria.reduce((n, c) => n + criterionMaximum(c), 0);
        const sections: { title: string; items: Criterion[] }[] = [];
        for (const c of criteria) {
          const title = localized(locale, c.section.vi, c.section.en);
          const last = sections[sections.length - 1];
          if (last && last.title === title) last.items.push(c);
          else sections.push({ title, items: [c] });
        }
        return (
          <section key={part} className="section" aria-labelledby={`part-${part}`} data-part={part}>
            <div className="section-head">
              <h2 id={`part-${part}`}>{t(`ocopc.part.${part}`)}</h2>
              <p className="muted" data-testid={`part-total-${part}`}>
                {t("ocopc.partTotal", { actual: formatNumber(partMax, locale, 2), expected: PART_MAXIMA[part] })}
              </p>
            </div>
            {sections.map((s, si) => (
              <div key={si}>
                <h3>{s.title}</h3>
                <ol className="plain-list stack">
                  {s.items.map((c) => (
                    <li key={c.code} className="panel" data-criterion={c.code}>
                      <p style={{ margin: 0 }}>
                        <strong className="mono">{c.code}</strong> {localized(locale, c.text.vi, c.text.en)}{" "}
                        <span className="muted">({t("ocopc.maxPoints", { points: formatNumber(criterionMaximum(c), locale, 2) })})</span>
                      </p>
                      <ul>
                        {c.options.map((o, i) => (
                          <li key={i}>
                            {localized(locale, o.label.vi, o.label.en)} — {t("ocopc.points", { points: formatNumber(o.points, locale, 2) })}
                          </li>
                        ))}
                      </ul>
                      <p className="small muted" style={{ margin: 0 }}>
                        {t("ocopc.evidenceLabel")}: {evidenceText(c)}
                        {c.required ? <> · <strong>{t("ocopc.required")}</strong></> : null}
                        {c.checkAgainstAnnex ? <> · {t("ocopc.checkFlag")}</> : null}
                      </p>
                    </li>
                  ))}
                </ol>
              </div>
            ))}
          </section>
        );
      })}
      <p>
        <strong>{t("ocopc.total", { total: formatNumber(total, locale, 2) })}</strong>
      </p>
    </div>
  );
}
