/**
 * Recalls (issue #16): opened for one or more lots, their scope computed by the forward trace
 * (app/trace/lineage-trace.server.ts) and reviewed, then confirmed in ONE transaction that stops every sale in scope,
 * holds the sub-orders not yet shipped, records the disposition on every lot's chain and queues the mail to buyers,
 * cooperatives and the department; cooperatives then record the units returned or destroyed, and the recall is
 * closed with its report.
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { rowsOf, uuidArray, type Database } from "#db/client.server";
import {
  batches,
  batchStock,
  memberships,
  organisations,
  recallDispositions,
  recallHolds,
  recallLots,
  recallRoots,
  recalls,
  subOrders,
  users,
  type Recall,
} from "#db/schema";
import { parseInput } from "~/lib/field-errors";
import { isLocale, type Locale } from "~/lib/i18n";
import { rollbackWith, transact, type Actor } from "~/lib/transact.server";
import { vietnamToday } from "~/lib/vietnam-time";
import { queueMails, type MailMessage } from "~/notifications/queue.server";
import { renderRecallBuyerNotice, renderRecallCooperativeNotice, renderRecallDepartmentNotice, type BoughtLine, type RecallMailFacts } from "~/notifications/recall-template";
import { BizStep } from "~/trace/cbv";
import { appendObjectEvents, appendTraceEvent } from "~/trace/events.server";
import { forwardScope, type ForwardScope } from "~/trace/lineage-trace.server";
import {
  closeRecallFormSchema,
  dispositionFor,
  dispositionFormSchema,
  holdableSubOrderStatuses,
  lotStatusFor,
  mayOpenRecall,
  openRecallFormSchema,
  recallNumber,
  recallToJoin,
  type RecallOpener,
  type RecallSeverity,
} from "./rules";

export type RecallRefusal =
  | { ok: false; reason: "invalid_input"; fieldErrors: Record<string, string> }
  | { ok: false; reason: "lot_not_found" | "forbidden" | "recall_not_found" | "not_draft" | "not_confirmed" | "lot_not_in_scope" | "lot_unavailable" };

function refusal(reason: Exclude<RecallRefusal["reason"], "invalid_input">): RecallRefusal {
  return { ok: false, reason };
}

// Opening and numbering are serialised: two people opening a recall of one lot at once end in one recall.
async function lockRecalls(tx: Database): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('ocoptrace:recalls', 0))`);
}

/** Open recalls (draft or confirmed) that hold the lot: as a root, in a confirmed recall's frozen scope, or in a draft's live scope. */
async function openRecallsHolding(tx: Database, batchId: string): Promise<Pick<Recall, "id" | "number" | "status" | "openedAt">[]> {
  const direct = rowsOf<{ id: string; number: string; status: Recall["status"]; opened_at: Date | string }>(
    await tx.execute(sql`select r.id, r.number, r.status, r.opened_at from recalls r
      where r.status <> 'closed' and (
        exists (select 1 from recall_roots rr where rr.recall_id = r.id and rr.batch_id = ${batchId}::uuid)
        or exists (select 1 from recall_lots rl where rl.recall_id = r.id and rl.batch_id = ${batchId}::uuid))`),
  ).map((r) => ({ id: r.id, number: r.number, status: r.status, openedAt: new Date(r.opened_at) }));
  if (direct.length > 0) return direct;
  // A draft's scope is not frozen yet: drafts are few, each is walked forward.
  const drafts = await tx.select({ id: recalls.id, number: recalls.number, status: recalls.status, openedAt: recalls.openedAt }).from(recalls).where(eq(recalls.status, "draft"));
  const holding: typeof drafts = [];
  for (const draft of drafts) {
    const scope = await forwardScope(tx, await rootsOf(tx, draft.id));
    if (scope.lots.some((l) => l.batchId === batchId)) holding.push(draft);
  }
  return holding;
}

async function rootsOf(tx: Database, recallId: string): Promise<string[]> {
  const rows = await tx.select({ batchId: recallRoots.batchId }).from(recallRoots).where(eq(recallRoots.recallId, recallId)).orderBy(asc(recallRoots.batchId));
  return rows.map((r) => r.batchId);
}

export type OpenRecallResult = { ok: true; recallId: string; number: string; joined: boolean } | RecallRefusal;

/**
 * Opens a recall of a lot, or joins the open recall that already holds it (the lot becomes one of its roots).
 * A cooperative's manager opens for the cooperative's own lots, a department officer for any lot.
 */
export async function openRecall(
  db: Database,
  actor: Actor,
  args: { opener: RecallOpener; batchId: string; form: unknown; now?: Date },
): Promise<OpenRecallResult> {
  const parsed = parseInput(openRecallFormSchema, args.form);
  if (!parsed.ok) return { ok: false, reason: "invalid_input", fieldErrors: parsed.fieldErrors ?? {} };
  const form = parsed.input;
  const now = args.now ?? new Date();
  return transact(db, actor, async (tx): Promise<OpenRecallResult> => {
    const [lot] = await tx.db.select({ id: batches.id, organisationId: batches.organisationId, status: batches.status }).from(batches).where(eq(batches.id, args.batchId));
    if (!lot) return refusal("lot_not_found");
    const allowed = mayOpenRecall(args.opener, lot.organisationId);
    if (!allowed.ok) return refusal(allowed.reason);
    await lockRecalls(tx.db);
    const join = recallToJoin(await openRecallsHolding(tx.db, lot.id));
    if (join) {
      await tx.db.insert(recallRoots).values({ recallId: join.id, batchId: lot.id, addedBy: actor.userId, addedAt: now }).onConflictDoNothing();
      await tx.audit({ organisationId: lot.organisationId, entityType: "recall", entityId: join.id, action: "join", after: { number: join.number, batchId: lot.id } });
      return { ok: true, recallId: join.id, number: join.number, joined: true };
    }
    // A lot already recalled or withdrawn outside any recall (before recalls existed) cannot start a new one.
    if (lot.status === "recalled" || lot.status === "withdrawn") return refusal("lot_unavailable");
    const year = Number(vietnamToday(now).slice(0, 4));
    const [last] = rowsOf<{ n: number }>(
      await tx.db.execute(sql`select coalesce(max(substring(number from 9)::int), 0)::int as n from recalls where number like ${`TH-${year}-%`}`),
    );
    const number = recallNumber(year, Number(last?.n ?? 0) + 1);
    const [created] = await tx.db
      .insert(recalls)
      .values({
        number,
        reason: form.reason,
        severity: form.severity,
        details: form.details,
        messageVi: form.messageVi,
        messageEn: form.messageEn,
        openedByOrganisationId: args.opener.organisationId,
        openedBy: actor.userId,
        openedAt: now,
      })
      .returning({ id: recalls.id });
    const recallId = created!.id;
    await tx.db.insert(recallRoots).values({ recallId, batchId: lot.id, addedBy: actor.userId, addedAt: now });
    await tx.audit({
      organisationId: args.opener.organisationId,
      entityType: "recall",
      entityId: recallId,
      action: "open",
      after: { number, batchId: lot.id, reason: form.reason, severity: form.severity },
    });
    return { ok: true, recallId, number, joined: false };
  });
}

/** Who may act on a recall: the department, or the managers of the cooperative that opened it. */
export type RecallActor = { kind: "department"; userId: string } | { kind: "cooperative"; userId: string; organisationId: string; role: "cooperative_manager" | "cooperative_staff" };

function mayConfirmOrClose(who: RecallActor, recall: Pick<Recall, "openedByOrganisationId">): boolean {
  if (who.kind === "department") return true;
  return who.role === "cooperative_manager" && who.organisationId === recall.openedByOrganisationId;
}

export type ConfirmRecallResult =
  | { ok: true; recallId: string; number: string; lots: number; orderLines: number; buyers: number; buyersMailed: number; held: number; messages: number }
  | RecallRefusal;

/**
 * Confirms a draft recall in one transaction: scope frozen, every lot in scope recalled (or withdrawn) and taken off
 * sale, every sub-order not yet shipped held, the disposition recorded on each lot's chain, and the mail queued.
 *
 * Locks, so that a checkout racing it either completes first (and is then in scope and told) or is refused:
 * the sub-orders in scope (as a cancellation takes them: sub-order, then stock), then the lots' stock rows in the
 * order checkout takes them (product, first-expiring-first, oldest, id). Their units on sale are set to nothing:
 * a checkout already waiting on one of those rows re-reads it under the lock and finds nothing to take. The scope is
 * walked again under the locks, so an order committed meanwhile is in it.
 */
export async function confirmRecall(
  db: Database,
  actor: Actor,
  args: { recallId: string; who: RecallActor; publicUrl: string; now?: Date },
): Promise<ConfirmRecallResult> {
  const now = args.now ?? new Date();
  return transact(db, actor, async (tx): Promise<ConfirmRecallResult> => {
    const [recall] = await tx.db.select().from(recalls).where(eq(recalls.id, args.recallId)).for("update");
    if (!recall) return refusal("recall_not_found");
    if (!mayConfirmOrClose(args.who, recall)) return refusal("forbidden");
    if (recall.status !== "draft") return refusal("not_draft");
    const roots = await rootsOf(tx.db, recall.id);

    const lockedStock = new Map<string, number>();
    const lockedSubOrders = new Set<string>();
    let scope: ForwardScope = await forwardScope(tx.db, roots);
    for (let pass = 0; pass < 5; pass++) {
      const subIds = [...new Set(scope.orderLines.filter((l) => !l.released).map((l) => l.subOrderId))].filter((id) => !lockedSubOrders.has(id)).sort();
      if (subIds.length > 0) {
        await tx.db.select({ id: subOrders.id }).from(subOrders).where(inArray(subOrders.id, subIds)).orderBy(asc(subOrders.id)).for("update");
        for (const id of subIds) lockedSubOrders.add(id);
      }
      const lotIds = scope.lots.map((l) => l.batchId).filter((id) => !lockedStock.has(id));
      if (lotIds.length > 0) {
        // Checkout's lock order (stock.server.ts lockOrder): product, first-expiring-first, oldest, id.
        const stock = await tx.db
          .select({ batchId: batchStock.batchId, available: batchStock.unitsAvailable })
          .from(batchStock)
          .innerJoin(batches, eq(batches.id, batchStock.batchId))
          .where(inArray(batchStock.batchId, lotIds))
          .orderBy(asc(batchStock.productId), sql`coalesce(${batches.expiresOn}, ${batches.bestBefore}) asc nulls last`, asc(batches.producedOn), asc(batchStock.batchId))
          .for("update", { of: batchStock });
        for (const id of lotIds) lockedStock.set(id, 0);
        for (const s of stock) lockedStock.set(s.batchId, s.available);
      }
      if (subIds.length === 0 && lotIds.length === 0 && pass > 0) break;
      // Under the locks: whatever committed before them is seen now.
      scope = await forwardScope(tx.db, roots);
    }
    const lotIds = scope.lots.map((l) => l.batchId);
    if (lotIds.length > 0) {
      await tx.db.execute(sql`update batch_stock set units_available = 0, updated_at = now() where batch_id = any(${uuidArray(lotIds)}) and units_available > 0`);
    }

    const severity: RecallSeverity = recall.severity;
    const status = lotStatusFor(severity);
    // One event per lot on its own chain, written together (lots locked in id order, as appends and transformations lock them).
    const appended = await appendObjectEvents(
      tx.db,
      scope.lots
        .filter((lot) => lot.status !== "recalled" && lot.status !== "withdrawn")
        .map((lot) => ({
          organisationId: lot.organisationId,
          batchId: lot.batchId,
          eventType: "ObjectEvent" as const,
          action: "OBSERVE" as const,
          bizStep: BizStep.holding,
          disposition: dispositionFor(severity),
          eventTime: now,
          details: { recall: recall.number, reason: recall.reason, severity },
          recordedBy: actor.userId,
        })),
    );
    if (!appended.ok) throw new Error(`recall ${recall.number}: recording the disposition on lot ${appended.batchId ?? "?"} failed: ${appended.reason}`);
    const eventOf = appended.eventIds;
    if (lotIds.length > 0) {
      await tx.db.update(batches).set({ status }).where(and(inArray(batches.id, lotIds), inArray(batches.status, ["active", "consumed"])));
      const frozen = scope.lots.map((l) => ({
        b: l.batchId,
        g: l.organisationId,
        p: l.productId,
        c: l.lotCode,
        d: l.depth,
        s: l.status,
        u: lockedStock.get(l.batchId) ?? 0,
        e: eventOf.get(l.batchId) ?? null,
      }));
      await tx.db.execute(sql`insert into recall_lots (recall_id, batch_id, organisation_id, product_id, lot_code, depth, status_before, units_unsold, trace_event_id)
        select ${recall.id}::uuid, x.b, x.g, x.p, x.c, x.d, x.s::batch_status, x.u, x.e
        from jsonb_to_recordset(${JSON.stringify(frozen)}::jsonb) as x(b uuid, g uuid, p uuid, c text, d integer, s text, u integer, e uuid)`);
    }
    if (scope.orderLines.length > 0) {
      // One JSON parameter rather than eight per row: building and binding 80,000 parameters costs more than the insert.
      const lines = scope.orderLines.map((l) => ({ o: l.orderLineId, b: l.batchId, s: l.subOrderId, r: l.orderId, g: l.organisationId, q: l.quantity, x: l.released }));
      await tx.db.execute(sql`insert into recall_order_lines (recall_id, order_line_id, batch_id, sub_order_id, order_id, organisation_id, quantity, released)
        select ${recall.id}::uuid, x.o, x.b, x.s, x.r, x.g, x.q, x.x
        from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(o uuid, b uuid, s uuid, r uuid, g uuid, q integer, x boolean)`);
    }

    // Sub-orders not yet shipped wait for their cooperative's decision.
    const openSubIds = [...new Set(scope.orderLines.filter((l) => !l.released).map((l) => l.subOrderId))];
    const held = openSubIds.length
      ? rowsOf<{ id: string; organisation_id: string }>(
          await tx.db.execute(sql`insert into recall_holds (recall_id, sub_order_id, organisation_id, held_at)
            select ${recall.id}::uuid, s.id, s.organisation_id, ${now.toISOString()}::timestamptz
            from sub_orders s join orders o on o.id = s.order_id
            where s.id = any(${uuidArray(openSubIds)}) and s.status in (${sql.join(holdableSubOrderStatuses.map((st) => sql`${st}`), sql`, `)})
              and o.status in ('placed', 'awaiting_payment')
            on conflict do nothing
            returning sub_order_id as id, organisation_id`),
        )
      : [];

    const mail: RecallMailFacts = { number: recall.number, kind: status, messageVi: recall.messageVi, messageEn: recall.messageEn };
    const buyers = await queueBuyerMail(tx.db, recall.id, scope, mail, args.publicUrl);
    const cooperativeMessages = await queueCooperativeMail(tx.db, scope, held, mail, args.publicUrl);
    const departmentMessages = await queueDepartmentMail(tx.db, scope, mail, args.publicUrl);

    await tx.db
      .update(recalls)
      .set({ status: "confirmed", confirmedAt: now, confirmedBy: actor.userId })
      .where(eq(recalls.id, recall.id));
    const summary = {
      number: recall.number,
      lots: scope.lots.length,
      orderLines: scope.orderLines.length,
      buyers: buyers.orders,
      buyersMailed: buyers.mailed,
      held: held.length,
      messages: buyers.mailed + cooperativeMessages + departmentMessages,
    };
    await tx.audit({ organisationId: recall.openedByOrganisationId, entityType: "recall", entityId: recall.id, action: "confirm", before: { status: "draft" }, after: { status: "confirmed", lotStatus: status, ...summary } });
    return { ok: true, recallId: recall.id, ...summary };
  });
}

/** One mail per order in scope that left an address: what was bought from which order, and what to do. */
async function queueBuyerMail(tx: Database, recallId: string, scope: ForwardScope, mail: RecallMailFacts, publicUrl: string): Promise<{ orders: number; mailed: number }> {
  const live = scope.orderLines.filter((l) => !l.released);
  const orderIds = [...new Set(live.map((l) => l.orderId))];
  if (orderIds.length === 0) return { orders: 0, mailed: 0 };
  const rows = rowsOf<{
    order_id: string;
    number: string;
    email: string | null;
    locale: string;
    contact_name: string;
    order_line_id: string;
    batch_id: string;
    name_vi: string;
    name_en: string | null;
    unit_vi: string;
    unit_en: string;
    lot_code: string;
    coop_vi: string;
    coop_en: string | null;
  }>(
    await tx.execute(sql`select o.id as order_id, o.number, o.email, o.locale, o.contact_name, ol.id as order_line_id, b.id as batch_id,
        ol.product_name_vi as name_vi, ol.product_name_en as name_en, ol.unit_vi, ol.unit_en, b.lot_code,
        org.name as coop_vi, org.name_en as coop_en
      from unnest(${uuidArray(live.map((l) => l.orderLineId))}, ${uuidArray(live.map((l) => l.batchId))}) as p(order_line_id, batch_id)
      join order_lines ol on ol.id = p.order_line_id
      join sub_orders s on s.id = ol.sub_order_id
      join orders o on o.id = s.order_id
      join organisations org on org.id = ol.organisation_id
      join batches b on b.id = p.batch_id
      order by o.number, ol.product_name_vi, b.lot_code`),
  );
  const quantityOf = new Map(live.map((l) => [`${l.orderLineId}:${l.batchId}`, l.quantity]));
  const byOrder = new Map<string, { number: string; email: string | null; locale: Locale; contactName: string; lines: BoughtLine[] }>();
  for (const r of rows) {
    const quantity = quantityOf.get(`${r.order_line_id}:${r.batch_id}`);
    if (quantity === undefined) continue;
    let entry = byOrder.get(r.order_id);
    if (!entry) {
      entry = { number: r.number, email: r.email, locale: isLocale(r.locale) ? r.locale : "vi", contactName: r.contact_name, lines: [] };
      byOrder.set(r.order_id, entry);
    }
    entry.lines.push({ nameVi: r.name_vi, nameEn: r.name_en, unitVi: r.unit_vi, unitEn: r.unit_en, lotCode: r.lot_code, quantity, cooperativeVi: r.coop_vi, cooperativeEn: r.coop_en });
  }
  const messages: MailMessage[] = [];
  const mailedOrders: string[] = [];
  for (const [i, orderId] of orderIds.entries()) {
    // Thousands of mails are rendered here: let other requests of this process run between every few hundred.
    if (i % 250 === 249) await new Promise((resolve) => setImmediate(resolve));
    const order = byOrder.get(orderId);
    if (!order?.email) continue;
    const message = renderRecallBuyerNotice(mail, order, order.locale, publicUrl);
    messages.push({ to: order.email, subject: message.subject, bodyText: message.text, kind: "recall_buyer", locale: order.locale });
    mailedOrders.push(orderId);
  }
  const messageIds = await queueMails(tx, messages);
  const messageOf = new Map(mailedOrders.map((orderId, i) => [orderId, messageIds[i]!]));
  const buyerRows = orderIds.map((orderId) => ({ o: orderId, m: messageOf.get(orderId) ?? null }));
  await tx.execute(sql`insert into recall_buyers (recall_id, order_id, message_id)
    select ${recallId}::uuid, x.o, x.m from jsonb_to_recordset(${JSON.stringify(buyerRows)}::jsonb) as x(o uuid, m uuid)`);
  return { orders: orderIds.length, mailed: messages.length };
}

/** Each manager of every cooperative with lots or order lines in scope. */
async function queueCooperativeMail(
  tx: Database,
  scope: ForwardScope,
  held: { id: string; organisation_id: string }[],
  mail: RecallMailFacts,
  publicUrl: string,
): Promise<number> {
  const orgIds = [...new Set([...scope.lots.map((l) => l.organisationId), ...scope.orderLines.map((l) => l.organisationId)])];
  if (orgIds.length === 0) return 0;
  const managers = await tx
    .select({ organisationId: organisations.id, nameVi: organisations.name, nameEn: organisations.nameEn, slug: organisations.slug, email: users.email, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(inArray(memberships.organisationId, orgIds), eq(memberships.role, "cooperative_manager")))
    .orderBy(asc(organisations.name), asc(users.email));
  const messages: MailMessage[] = [];
  for (const m of managers) {
    const locale: Locale = isLocale(m.locale) ? m.locale : "vi";
    const message = renderRecallCooperativeNotice(
      mail,
      {
        nameVi: m.nameVi,
        nameEn: m.nameEn,
        slug: m.slug,
        lotCodes: scope.lots.filter((l) => l.organisationId === m.organisationId).map((l) => l.lotCode),
        heldSubOrders: held.filter((h) => h.organisation_id === m.organisationId).length,
        orders: new Set(scope.orderLines.filter((l) => l.organisationId === m.organisationId).map((l) => l.orderId)).size,
      },
      locale,
      publicUrl,
    );
    messages.push({ to: m.email, subject: message.subject, bodyText: message.text, kind: "recall_cooperative", locale });
  }
  await queueMails(tx, messages);
  return messages.length;
}

async function queueDepartmentMail(tx: Database, scope: ForwardScope, mail: RecallMailFacts, publicUrl: string): Promise<number> {
  const officers = await tx
    .selectDistinct({ email: users.email, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.role, "department_officer"))
    .orderBy(asc(users.email));
  const figures = {
    lots: scope.lots.length,
    orders: new Set(scope.orderLines.map((l) => l.orderId)).size,
    cooperatives: new Set([...scope.lots.map((l) => l.organisationId), ...scope.orderLines.map((l) => l.organisationId)]).size,
  };
  const messages = officers.map((o): MailMessage => {
    const locale: Locale = isLocale(o.locale) ? o.locale : "vi";
    const message = renderRecallDepartmentNotice(mail, figures, locale, publicUrl);
    return { to: o.email, subject: message.subject, bodyText: message.text, kind: "recall_department", locale };
  });
  await queueMails(tx, messages);
  return messages.length;
}

export type DispositionResult = { ok: true; dispositionId: string } | RecallRefusal;

/**
 * A cooperative reports units of one of its lots in a confirmed recall's scope that came back or were destroyed:
 * a row for the register and an event on the lot's chain (receiving/returned, or destroying/destroyed).
 */
export async function recordRecallDisposition(
  db: Database,
  actor: Actor,
  args: { organisationId: string; recallId: string; form: unknown; now?: Date },
): Promise<DispositionResult> {
  const parsed = parseInput(dispositionFormSchema, args.form);
  if (!parsed.ok) return { ok: false, reason: "invalid_input", fieldErrors: parsed.fieldErrors ?? {} };
  const form = parsed.input;
  const now = args.now ?? new Date();
  return transact(db, actor, async (tx): Promise<DispositionResult> => {
    const [recall] = await tx.db.select({ id: recalls.id, number: recalls.number, status: recalls.status }).from(recalls).where(eq(recalls.id, args.recallId));
    if (!recall) return refusal("recall_not_found");
    if (recall.status !== "confirmed") return refusal("not_confirmed");
    const [lot] = await tx.db
      .select({ batchId: recallLots.batchId, uom: batches.uom })
      .from(recallLots)
      .innerJoin(batches, eq(batches.id, recallLots.batchId))
      .where(and(eq(recallLots.recallId, recall.id), eq(recallLots.batchId, form.batchId), eq(recallLots.organisationId, args.organisationId)));
    if (!lot) return { ok: false, reason: "invalid_input", fieldErrors: { batchId: "recall.v.lotNotInScope" } };
    const returned = form.kind === "returned";
    const event = await appendTraceEvent(tx.db, {
      organisationId: args.organisationId,
      batchId: lot.batchId,
      eventType: "ObjectEvent",
      action: returned ? "OBSERVE" : "DELETE",
      bizStep: returned ? BizStep.receiving : BizStep.destroying,
      disposition: returned ? "returned" : "destroyed",
      eventTime: now,
      // In the lot's own unit: kilograms of a raw lot, pieces of a packed one.
      quantity: String(form.units),
      uom: lot.uom,
      details: { recall: recall.number, ...(form.note ? { note: form.note } : {}) },
      recordedBy: actor.userId,
    });
    if (!event.ok) rollbackWith(refusal("lot_not_in_scope"));
    const [row] = await tx.db
      .insert(recallDispositions)
      .values({ recallId: recall.id, batchId: lot.batchId, organisationId: args.organisationId, kind: form.kind, units: form.units, note: form.note, traceEventId: event.event.id, recordedBy: actor.userId, recordedAt: now })
      .returning({ id: recallDispositions.id });
    await tx.audit({ organisationId: args.organisationId, entityType: "recall", entityId: recall.id, action: `record_${form.kind}`, after: { number: recall.number, batchId: lot.batchId, units: form.units } });
    return { ok: true, dispositionId: row!.id };
  });
}

export type ReleaseHoldResult = { ok: true } | RecallRefusal;

/** The cooperative's decision that a held sub-order may go on (its goods are not affected); cancelling is the market's. */
export async function releaseRecallHold(
  db: Database,
  actor: Actor,
  args: { organisationId: string; recallId: string; subOrderId: string; now?: Date },
): Promise<ReleaseHoldResult> {
  const now = args.now ?? new Date();
  return transact(db, actor, async (tx): Promise<ReleaseHoldResult> => {
    const [released] = await tx.db
      .update(recallHolds)
      .set({ releasedAt: now, releasedBy: actor.userId })
      .where(and(eq(recallHolds.recallId, args.recallId), eq(recallHolds.subOrderId, args.subOrderId), eq(recallHolds.organisationId, args.organisationId), isNull(recallHolds.releasedAt)))
      .returning({ subOrderId: recallHolds.subOrderId });
    if (!released) return refusal("recall_not_found");
    await tx.audit({ organisationId: args.organisationId, entityType: "recall", entityId: args.recallId, action: "release_hold", after: { subOrderId: args.subOrderId } });
    return { ok: true };
  });
}

export type CloseRecallResult = { ok: true } | RecallRefusal;

/** Closes a confirmed recall with the closer's summary; the report (PDF) is built from the recall's records. */
export async function closeRecall(
  db: Database,
  actor: Actor,
  args: { recallId: string; who: RecallActor; form: unknown; now?: Date },
): Promise<CloseRecallResult> {
  const parsed = parseInput(closeRecallFormSchema, args.form);
  if (!parsed.ok) return { ok: false, reason: "invalid_input", fieldErrors: parsed.fieldErrors ?? {} };
  const now = args.now ?? new Date();
  return transact(db, actor, async (tx): Promise<CloseRecallResult> => {
    const [recall] = await tx.db.select().from(recalls).where(eq(recalls.id, args.recallId)).for("update");
    if (!recall) return refusal("recall_not_found");
    if (!mayConfirmOrClose(args.who, recall)) return refusal("forbidden");
    if (recall.status !== "confirmed") return refusal("not_confirmed");
    await tx.db.update(recalls).set({ status: "closed", closedAt: now, closedBy: actor.userId, closingReport: parsed.input.summary }).where(eq(recalls.id, recall.id));
    await tx.audit({ organisationId: recall.openedByOrganisationId, entityType: "recall", entityId: recall.id, action: "close", before: { status: "confirmed" }, after: { status: "closed", number: recall.number } });
    return { ok: true };
  });
}
