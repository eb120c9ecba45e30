import type { ImportColumn } from "~/households/import-columns";
import { messages, type MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-t";
import { TableWrap } from "../TableWrap";

interface RowView {
  line: number;
  ok: boolean;
  display: string[];
  outcome?: "new" | "update" | "unchanged";
  errors?: { field: string; key: string; vars?: Record<string, string | number> }[];
}

const outcomeKey = { new: "hh.import.rowNew", update: "hh.import.rowUpdate", unchanged: "hh.import.rowUnchanged" } as const;

/** The rows of an import file as read, each with what will happen to it or why it is refused. */
export function ImportRowsTable({ columns, rows }: { columns: readonly ImportColumn[]; rows: readonly RowView[] }) {
  const t = useT();
  const text = (key: string, vars?: Record<string, string | number>) => (key in messages.vi ? t(key as MessageKey, vars) : t("validation.invalid"));
  const label = (field: string) => columns.find((c) => c.id === field)?.label;
  return (
    <TableWrap label={t("hh.import.preview")}>
      <table className="table" data-testid="import-rows">
        <thead>
          <tr>
            <th scope="col">{t("hh.import.row")}</th>
            {columns.map((c) => (
              <th scope="col" key={c.id}>
                {t(c.label)}
              </th>
            ))}
            <th scope="col">{t("hh.import.result")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.line} data-row={r.line} data-ok={r.ok ? "true" : "false"}>
              <td>{r.line}</td>
              {columns.map((c, i) => (
                <td key={c.id}>{r.display[i]}</td>
              ))}
              <td>
                {r.ok && r.outcome ? (
                  t(outcomeKey[r.outcome])
                ) : (
                  <ul className="errors">
                    {(r.errors ?? []).map((e) => {
                      const l = label(e.field);
                      return <li key={`${e.field}-${e.key}`}>{l ? `${t(l)}: ${text(e.key, e.vars)}` : text(e.key, e.vars)}</li>;
                    })}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
