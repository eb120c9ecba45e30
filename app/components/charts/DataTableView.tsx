import { Link } from "@remix-run/react";
import type { DataTable } from "~/insights/tables";
import { useLocale, useT } from "~/lib/use-t";
import { formatCell } from "./format-cell";
import { TableWrap } from "../TableWrap";

/**
 * A dashboard table: caption, the figures (raw values in data-value for machines), the totals row,
 * how it was computed, and its downloads. `exportHref(format)` gives the download address.
 */
export function DataTableView({ table, exportHref }: { table: DataTable; exportHref: (tableId: string, format: "csv" | "xlsx") => string }) {
  const t = useT();
  const locale = useLocale();
  const headingId = `table-${table.id}`;
  return (
    <section className="section" aria-labelledby={headingId} data-table={table.id}>
      <div className="section-head">
        <h3 id={headingId}>{table.title}</h3>
        <p className="muted" style={{ margin: 0 }}>
          {t("ins.table.download")}:{" "}
          {(["csv", "xlsx"] as const).map((format, i) => (
            <span key={format}>
              {i > 0 ? " · " : null}
              <a
                href={exportHref(table.id, format)}
                download
                data-export={format}
                aria-label={t("ins.table.downloadNamed", { table: table.title, format: t(format === "csv" ? "ins.table.csv" : "ins.table.xlsx") })}
              >
                {t(format === "csv" ? "ins.table.csv" : "ins.table.xlsx")}
              </a>
            </span>
          ))}
        </p>
      </div>
      {table.rows.length === 0 ? (
        <p>{t("ins.table.empty")}</p>
      ) : (
        <TableWrap label={table.title}>
          <table className="table">
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c.label} scope="col" style={c.kind === "text" || c.kind === "month" || c.kind === "date" ? undefined : { textAlign: "right" }}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => {
                    const column = table.columns[i];
                    const kind = column?.kind ?? "text";
                    const text = formatCell(cell, kind, locale);
                    const link = i === 0 ? table.links?.[r] : null;
                    const numeric = typeof cell === "number";
                    return i === 0 ? (
                      <th key={i} scope="row" style={{ fontWeight: 400 }} data-value={cell ?? ""}>
                        {link ? <Link to={link}>{text}</Link> : text}
                      </th>
                    ) : (
                      <td key={i} data-value={cell ?? ""} style={numeric ? { textAlign: "right" } : undefined}>
                        {text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
            {table.total ? (
              <tfoot>
                <tr data-total="">
                  {table.total.map((cell, i) =>
                    i === 0 ? (
                      <th key={i} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={i} data-value={cell ?? ""} style={{ textAlign: "right", fontWeight: 700 }}>
                        {cell === null ? "" : formatCell(cell, table.columns[i]?.kind ?? "number", locale)}
                      </td>
                    ),
                  )}
                </tr>
              </tfoot>
            ) : null}
          </table>
        </TableWrap>
      )}
      {table.note ? <p className="muted">{table.note}</p> : null}
    </section>
  );
}
