import { useId } from "react";
import type { FlowLayout } from "~/insights/sankey-layout";

const COLUMN_COLOURS = ["#8a6d1f", "#1f6f43", "#2f5d8a", "#7a3e6b"];

/**
 * A flow diagram laid out on the server (app/insights/sankey-layout.ts) drawn as plain SVG: no
 * script, scales with the page (viewBox), each flow titled with its value for pointer users; the
 * same numbers are in the table under it.
 */
export function SankeyChart({
  title,
  description,
  layout,
  format,
}: {
  title: string;
  description: string;
  layout: FlowLayout;
  format: (value: number) => string;
}) {
  const titleId = useId();
  const descId = useId();
  const labels = new Map(layout.nodes.map((n) => [n.id, n.label]));
  return (
    <figure className="chart" style={{ margin: "12px 0" }} data-testid="sankey">
      <figcaption id={titleId} style={{ fontWeight: 600, marginBottom: 4 }}>
        {title}
      </figcaption>
      <p id={descId} className="muted" style={{ margin: "0 0 4px" }}>
        {description}
      </p>
      {/* On a phone the diagram keeps a legible size and scrolls sideways; the table under it has every number. */}
      <div className="chart-scroll" role="region" aria-labelledby={titleId} tabIndex={0}>
        <svg
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width="100%"
          role="img"
          aria-labelledby={titleId}
          aria-describedby={descId}
          style={{ display: "block", maxWidth: layout.width, minWidth: 760, height: "auto" }}
        >
          <g fill="none" strokeOpacity={0.35}>
            {layout.links.map((l) => (
              <path key={`${l.source}→${l.target}`} d={l.path} stroke={COLUMN_COLOURS[0]} strokeWidth={l.width}>
                <title>{`${labels.get(l.source) ?? ""} → ${labels.get(l.target) ?? ""}: ${format(l.value)}`}</title>
              </path>
            ))}
          </g>
          {layout.nodes.map((n) => {
            // Every label right of its node: the layout keeps room for the last column's.
            const x = n.x1 + 4;
            const middle = (n.y0 + n.y1) / 2;
            return (
              <g key={n.id} data-testid="sankey-node">
                <title>{`${n.label}: ${format(n.value)}`}</title>
                <rect x={n.x0} y={n.y0} width={n.x1 - n.x0} height={Math.max(1, n.y1 - n.y0)} fill={COLUMN_COLOURS[n.column % COLUMN_COLOURS.length]} />
                <text x={x} y={middle - 7} dominantBaseline="middle" fontSize="13" fill="#1d2a22">
                  {n.shortLabel}
                </text>
                <text x={x} y={middle + 8} dominantBaseline="middle" fontSize="12" fill="#55645b">
                  {format(n.value)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </figure>
  );
}
