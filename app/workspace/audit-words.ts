import { messages, type MessageKey, type Translate } from "~/lib/i18n";

/** Whether a key is in the dictionary (the dictionary's keys are the same in every language). */
function known(key: string): key is MessageKey {
  return Object.hasOwn(messages.vi, key);
}

/** "Đơn hàng · chuyển trạng thái": the record and what happened to it, never the code's names for them. */
export function auditWhat(t: Translate, entityType: string, action: string): string {
  const entity = `audit.entity.${entityType}`;
  const verb = `audit.action.${action}`;
  return `${t(known(entity) ? entity : "audit.entity.other")} · ${t(known(verb) ? verb : "audit.action.other")}`;
}

/** The changed fields people have words for, and how many others moved. */
export function auditFields(t: Translate, fields: readonly string[]): string {
  const named: string[] = [];
  let others = 0;
  for (const field of fields) {
    const key = `audit.field.${field}`;
    if (known(key)) named.push(t(key));
    else others += 1;
  }
  if (others > 0) named.push(named.length > 0 ? t("audit.fieldsMore", { count: others }) : String(others));
  return named.join(", ");
}
