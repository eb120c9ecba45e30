import { scaleBand, scaleLinear } from "d3-scale";
import { useId } from "react";
import { useT } from "~/lib/use-t";

export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 640;
const LABEL_WIDTH = 170;
const VALUE_WIDTH = 120;
const ROW = 24;

/**
 * Ranked horizontal bars as plain SVG rendered on the server (no script): readable on a phone (it
 * scales with the page), on a projector and on paper. The same numbers are in the table beside it.
 */
export function BarChart({ title, bars, format }: { title: string; bars: Bar[]; format: (value: number) => string }) {
  const t = useT();
  const titleId = useId();
  if (bars.length === 0 || bars.every((b) => b.value === 0)) return <p className="muted">{t("ins.chart.empty")}</p>;
  const height = bars.length * ROW + 8;
  const x = scaleLinear()
    .domain([0, Math.max(...bars.map((b) => b.value))])
    .range([0, WIDTH - LABEL_WIDTH - VALUE_WIDTH]);
  const y = scaleBand<number>()
    .domain(bars.map((_, i) => i))
    .range([4, height - 4])
    .padding(0.2);
  return (
    <figure className="chart" style={{ margin: "12px 0" }}>
      <figcaption id={titleId} style={{ fontWeight: 600, marginBottom: 4 }}>
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={titleId} style={{ maxWidth: WIDTH, display: "block" }}>
        {bars.map((b, i) => {
          const top = y(i) ?? 0;
          const mid = top + y.bandwidth() / 2;
          return (
            <g key={`${b.label}-${i}`}>
              <text x={LABEL_WIDTH - 6} y={mid} textAnchor="end" dominantBaseline="middle" fontSize="12" fill="#1d2a22">
                {b.label}
              </text>
              <rect x={LABEL_WIDTH} y={top} width={Math.max(b.value > 0 ? 1 : 0, x(b.value))} height={y.bandwidth()} fill="#1f6f43" />
              <text x={LABEL_WIDTH + x(b.value) + 4} y={mid} dominantBaseline="middle" fontSize="12" fill="#1d2a22">
                {format(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Columns over time (months), labelled below; values on top when there is room. */
export function ColumnChart({ title, bars, format }: { title: string; bars: Bar[]; format: (value: number) => string }) {
  const t = useT();
  const titleId = useId();
  if (bars.length === 0 || bars.every((b) => b.value === 0)) return <p className="muted">{t("ins.chart.empty")}</p>;
  const height = 220;
  const top = 20;
  const bottom = 28;
  const x = scaleBand<number>()
    .domain(bars.map((_, i) => i))
    .range([8, WIDTH - 8])
    .padding(0.15);
  const y = scaleLinear()
    .domain([0, Math.max(...bars.map((b) => b.value))])
    .range([height - bottom, top]);
  const showValues = bars.length <= 12;
  return (
    <figure className="chart" style={{ margin: "12px 0" }}>
      <figcaption id={titleId} style={{ fontWeight: 600, marginBottom: 4 }}>
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={titleId} style={{ maxWidth: WIDTH, display: "block" }}>
        <line x1={0} x2={WIDTH} y1={height - bottom} y2={height - bottom} stroke="#9aa59f" />
        {bars.map((b, i) => {
          const left = x(i) ?? 0;
          const center = left + x.bandwidth() / 2;
          return (
            <g key={`${b.label}-${i}`}>
              <rect x={left} y={y(b.value)} width={x.bandwidth()} height={height - bottom - y(b.value)} fill="#1f6f43" />
              {showValues && b.value > 0 ? (
                <text x={center} y={y(b.value) - 4} textAnchor="middle" fontSize="10" fill="#1d2a22">
                  {format(b.value)}
                </text>
              ) : null}
              <text x={center} y={height - bottom + 14} textAnchor="middle" fontSize="11" fill="#1d2a22">
                {b.label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
