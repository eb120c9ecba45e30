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
  const lastColumn = Math.max(0, ...layout.nodes.map((n) => n.column));
  return (
    <figure className="chart" style={{ margin: "12px 0" }} data-testid="sankey">
      <figcaption id={titleId} style={{ fontWeight: 600, marginBottom: 4 }}>
        {title}
      </figcaption>
      <p id={descId} className="muted" style={{ margin: "0 0 4px" }}>
        {description}
      </p>
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width="100%"
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        style={{ display: "block", maxWidth: layout.width, height: "auto" }}
      >
        <g fill="none" strokeOpacity={0.35}>
          {layout.links.map((l) => (
            <path key={`${l.source}→${l.target}`} d={l.path} stroke={COLUMN_COLOURS[0]} strokeWidth={l.width}>
              <title>{`${labels.get(l.source) ?? ""} → ${labels.get(l.target) ?? ""}: ${format(l.value)}`}</title>
            </path>
          ))}
        </g>
        {layout.nodes.map((n) => {
          const right = n.column === lastColumn;
          return (
            <g key={n.id}>
              <rect x={n.x0} y={n.y0} width={n.x1 - n.x0} height={Math.max(1, n.y1 - n.y0)} fill={COLUMN_COLOURS[n.column % COLUMN_COLOURS.length]} />
              <text
                x={right ? n.x0 - 4 : n.x1 + 4}
                y={(n.y0 + n.y1) / 2}
                textAnchor={right ? "end" : "start"}
                dominantBaseline="middle"
                fontSize="13"
                fill="#1d2a22"
              >
                {n.label.length > 48 ? `${n.label.slice(0, 47)}…` : n.label}
                <tspan fill="#55645b">{` · ${format(n.value)}`}</tspan>
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
