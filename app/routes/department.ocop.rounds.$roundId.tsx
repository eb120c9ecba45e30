import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextAreaField, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { TableWrap } from "~/components/TableWrap";
import { hasRoleIn } from "~/identity/roles";
import { CSRF_ERROR_KEY, readFormWithCsrf, requireUser, type RequestArgs } from "~/identity/request.server";
import { formatDate, formatNumber } from "~/lib/format";
import { localized, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { vietnamToday } from "~/lib/vietnam-time";
import { councilRoles, parseStarsChoice, seesCouncilProgress } from "~/ocop/council-rules";
import {
  acceptApplication,
  addCouncilMember,
  assignApplication,
  councilRoleOf,
  getRoundView,
  moveRound,
  removeCouncilMember,
  returnApplication,
  unassignedSubmissions,
  type CouncilActor,
} from "~/ocop/council.server";
import { decisionsOfRound, recordDecision, type DecisionItemInput } from "~/ocop/decisions.server";

/** The department's officers, and the round's own chair and secretary, open the round's page. */
async function requireRoundDesk(args: RequestArgs & { params: { roundId?: string } }) {
  const viewer = await requireUser(args);
  const roundId = args.params.roundId ?? "";
  const view = await getRoundView(args.context.db, roundId);
  if (!view) throw new Response("Not Found", { status: 404 });
  const isOfficer = hasRoleIn(viewer.memberships, view.round.departmentId, ["department_officer"]);
  const role = await councilRoleOf(args.context.db, view.round.id, viewer.user.id);
  if (!isOfficer && !seesCouncilProgress(role)) throw new Response("Not Found", { status: 404 });
  const actor: CouncilActor = { userId: viewer.user.id, memberships: viewer.memberships };
  return { viewer, view, isOfficer, role, actor };
}

export async function loader(args: LoaderFunctionArgs) {
  const { view, isOfficer, role } = await requireRoundDesk(args);
  const [unassigned, decisions] = await Promise.all([role === "secretary" && view.round.status !== "closed" ? unassignedSubmissions(args.context.db) : [], decisionsOfRound(args.context.db, view.round.id)]);
  return { view, isOfficer, role, unassigned, decisions: decisions.map((d) => ({ id: d.id, number: d.number, signedOn: d.signedOn, signerName: d.signerName, signerTitle: d.signerTitle, level: d.level })), today: vietnamToday() };
}

type Reply = { intent: string; done: MessageKey | null; errors: Record<string, string>; applicationId?: string };

export async function action(args: ActionFunctionArgs) {
  const { actor, view } = await requireRoundDesk(args);
  const { form, csrfOk } = await readFormWithCsrf(args);
  const intent = String(form.get("intent") ?? "");
  const applicationId = String(form.get("applicationId") ?? "");
  const reply = (status: number, body: Reply) => data(body, { status });
  if (!csrfOk) return reply(403, { intent, done: null, errors: { _form: CSRF_ERROR_KEY } });
  const db = args.context.db;
  const roundId = view.round.id;
  const str = (name: string) => String(form.get(name) ?? "");
  let result: { ok: true } | { ok: false; reason: string; fieldErrors?: Record<string, string> };
  let done: MessageKey;
  switch (intent) {
    case "addMember":
      result = await addCouncilMember(db, { actor, roundId, input: { email: str("email"), role: str("role"), title: str("title") } });
      done = "council.members.added";
      break;
    case "removeMember":
      result = await removeCouncilMember(db, { actor, roundId, userId: str("userId") });
      done = "council.members.removed";
      break;
    case "toScoring":
    case "close":
      result = await moveRound(db, { actor, roundId, to: intent === "toScoring" ? "scoring" : "closed" });
      done = "council.round.moved";
      break;
    case "accept":
      result = await acceptApplication(db, { actor, roundId, applicationId });
      done = "council.apps.accepted";
      break;
    case "return":
      result = await returnApplication(db, { actor, roundId, applicationId, input: { note: str("note") }, publicUrl: args.context.publicUrl });
      done = "council.apps.returned";
      break;
    case "assign":
      result = await assignApplication(db, { actor, roundId, applicationId });
      done = "council.apps.assigned";
      break;
    case "decide": {
      const items: DecisionItemInput[] = [];
      for (const id of form.getAll("decide").map(String)) {
        const stars = parseStarsChoice(form.get(`stars.${id}`));
        items.push({ applicationId: id, stars: stars === undefined ? null : stars });
      }
      result = await recordDecision(db, { actor, roundId, input: { number: str("number"), signedOn: str("signedOn"), signerName: str("signerName"), signerTitle: str("signerTitle") }, items });
      done = "council.decision.recorded";
      break;
    }
    default:
      throw new Response("Bad Request", { status: 400 });
  }
  if (result.ok) return reply(200, { intent, done, errors: {} });
  if (result.reason === "forbidden") throw new Response("Forbidden", { status: 403 });
  return reply(400, { intent, done: null, errors: result.fieldErrors ?? { _form: `council.refusal.${result.reason}` }, applicationId });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.view.round.name ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export default function OcopRound() {
  const { view, isOfficer, role, unassigned, decisions, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const { round } = view;
  const isSecretary = role === "secretary" && round.status !== "closed";
  const errorsFor = (intent: string, applicationId?: string) => (reply && reply.intent === intent && (!applicationId || reply.applicationId === applicationId) ? reply.errors : {});
  const points = (n: number | null) => (n === null ? "—" : formatNumber(n, locale, 2));
  const classLabel = (c: 3 | 4 | 5 | null, submitted: number) => (submitted === 0 ? "—" : t(c === null ? "council.class.none" : `council.class.${c}`));
  const scorers = (conflicted: number) => view.members.length - conflicted;
  const evaluating = view.applications.filter((a) => a.status === "under_evaluation");
  const memberErrors = errorsFor("addMember");
  const decisionErrors = errorsFor("decide");
  return (
    <div className="container section">
      <p>
        <Link to={isOfficer ? "/department/ocop/rounds" : "/council"}>{isOfficer ? t("council.round.back") : t("council.dossier.back")}</Link>
      </p>
      <h1>{round.name}</h1>
      <p data-testid="round-status">
        {t(`council.roundStatus.${round.status}`)} · {round.meetingOn ? t("council.round.meeting", { date: formatDate(round.meetingOn, locale) }) : t("council.round.noMeeting")}
      </p>
      {reply?.done ? (
        <p className="notice notice--ok" role="status" data-testid="round-done">
          {t(reply.done)}
        </p>
      ) : null}
      {reply && !reply.done && reply.errors._form && !reply.applicationId ? <FormError error={reply.errors._form} /> : null}
      <p>
        <a href={`/department/ocop/rounds/${round.id}/minutes.pdf`} download data-testid="minutes-link">
          {t("council.round.minutes")}
        </a>
      </p>
      {isOfficer && round.status !== "closed" ? (
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value={round.status === "open" ? "toScoring" : "close"} />
          <button type="submit" className="button button--secondary">
            {t(round.status === "open" ? "council.round.toScoring" : "council.round.close")}
          </button>
        </Form>
      ) : null}

      <section aria-labelledby="members-heading" className="section">
        <h2 id="members-heading">{t("council.members.title")}</h2>
        {view.members.length === 0 ? (
          <p>{t("council.members.none")}</p>
        ) : (
          <TableWrap label={t("council.members.title")}>
            <table className="table" data-testid="council-members">
              <thead>
                <tr>
                  <th scope="col">{t("council.col.person")}</th>
                  <th scope="col">{t("council.col.role")}</th>
                  <th scope="col">{t("council.col.title")}</th>
                  {isOfficer && round.status !== "closed" ? <th scope="col">{t("council.col.actions")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {view.members.map((m) => (
                  <tr key={m.userId} data-member={m.email}>
                    <th scope="row">
                      {m.displayName} ({m.email})
                    </th>
                    <td>{t(`council.role.${m.role}`)}</td>
                    <td>{m.title ?? ""}</td>
                    {isOfficer && round.status !== "closed" ? (
                      <td>
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="intent" value="removeMember" />
                          <input type="hidden" name="userId" value={m.userId} />
                          <button type="submit" className="button button--secondary" aria-label={t("council.members.removeOf", { name: m.displayName })}>
                            {t("council.members.remove")}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {isOfficer && round.status !== "closed" ? (
          <Form method="post" className="form auth-form" aria-labelledby="add-member-heading" noValidate>
            <h3 id="add-member-heading">{t("council.members.add")}</h3>
            <CsrfInput />
            <input type="hidden" name="intent" value="addMember" />
            <FormError error={memberErrors._form} />
            <TextField name="email" fieldId="member-email" type="email" label={t("council.field.email")} required maxLength={254} error={memberErrors.email} />
            <SelectField
              name="role"
              fieldId="member-role"
              label={t("council.field.role")}
              required
              defaultValue="member"
              error={memberErrors.role}
              options={councilRoles.map((r) => ({ value: r, label: t(`council.role.${r}`) }))}
            />
            <TextField name="title" fieldId="member-title" label={t("council.field.title")} maxLength={300} error={memberErrors.title} />
            <button type="submit" className="button">
              {t("council.members.add")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="conflicts-heading" className="section">
        <h2 id="conflicts-heading">{t("council.conflicts.title")}</h2>
        {view.conflicts.length === 0 ? (
          <p>{t("council.conflicts.none")}</p>
        ) : (
          <ul data-testid="council-conflicts">
            {view.conflicts.map((c) => (
              <li key={`${c.userId}-${c.organisationName}`}>
                {t("council.conflicts.item", { person: c.displayName, organisation: c.organisationName })}
                {c.note ? ` (${c.note})` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="apps-heading" className="section">
        <h2 id="apps-heading">{t("council.apps.title")}</h2>
        {view.applications.length === 0 ? <p>{t("council.apps.none")}</p> : null}
        {view.applications.map((a) => {
          const errors = errorsFor("return", a.id);
          const acceptErrors = errorsFor("accept", a.id);
          const submittedMembers = view.members.filter((m) => a.totals[m.userId] !== undefined);
          return (
            <article key={a.id} className="card section" data-application={a.number} aria-labelledby={`app-${a.id}`}>
              <h3 id={`app-${a.id}`}>
                {a.number} — {localized(locale, a.productName, a.productNameEn)}
              </h3>
              <dl className="facts">
                <dt>{t("council.col.producer")}</dt>
                <dd>{a.organisationName}</dd>
                <dt>{t("council.col.status")}</dt>
                <dd data-testid="application-status">{t(`council.appStatus.${a.status}`)}</dd>
                <dt>{t("council.col.submitted")}</dt>
                <dd>{t("council.apps.submittedOf", { submitted: a.result.submitted, members: scorers(a.conflicted.length) })}</dd>
                <dt>{t("council.col.mean")}</dt>
                <dd data-testid="application-mean">{points(a.result.mean)}</dd>
                <dt>{t("council.col.spread")}</dt>
                <dd>{points(a.result.spread)}</dd>
                <dt>{t("council.col.class")}</dt>
                <dd data-testid="application-class">{classLabel(a.result.starClass, a.result.submitted)}</dd>
                {a.decision ? (
                  <>
                    <dt>{t("council.col.decision")}</dt>
                    <dd data-testid="application-decision">
                      {a.decision.number} · {a.decision.stars === null ? t("council.stars.none") : t("council.stars.n", { stars: a.decision.stars })}
                    </dd>
                  </>
                ) : null}
              </dl>
              {a.returnNote && a.status === "returned" ? <p>{t("council.apps.returnNote", { note: a.returnNote })}</p> : null}
              {role && a.status !== "submitted" && a.status !== "returned" ? (
                <p>
                  <Link to={`/council/${round.id}/${a.id}`}>{t("council.apps.open")}</Link>
                </p>
              ) : null}
              {submittedMembers.length > 0 || a.conflicted.length > 0 ? (
                <details>
                  <summary>{t("council.apps.memberTotals")}</summary>
                  <ul>
                    {view.members.map((m) => (
                      <li key={m.userId}>
                        {m.displayName}: {a.conflicted.includes(m.userId) ? t("council.apps.conflictedMark") : a.totals[m.userId] === undefined ? t("council.apps.notSubmitted") : points(a.totals[m.userId]!)}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
              {isSecretary && a.status === "submitted" ? (
                <div className="stack">
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="accept" />
                    <input type="hidden" name="applicationId" value={a.id} />
                    <FormError error={acceptErrors._form} />
                    <button type="submit" className="button" aria-label={t("council.apps.acceptOf", { number: a.number })}>
                      {t("council.apps.accept")}
                    </button>
                  </Form>
                  <Form method="post" className="form" noValidate>
                    <CsrfInput />
                    <input type="hidden" name="intent" value="return" />
                    <input type="hidden" name="applicationId" value={a.id} />
                    <FormError error={errors._form} />
                    <TextAreaField name="note" fieldId={`note-${a.id}`} label={t("council.field.note")} required maxLength={2000} rows={3} error={errors.note} />
                    <button type="submit" className="button button--secondary" aria-label={t("council.apps.returnOf", { number: a.number })}>
                      {t("council.apps.return")}
                    </button>
                  </Form>
                </div>
              ) : null}
            </article>
          );
        })}
      </section>

      {isSecretary && unassigned.length > 0 ? (
        <section aria-labelledby="unassigned-heading" className="section">
          <h2 id="unassigned-heading">{t("council.apps.unassigned")}</h2>
          <ul>
            {unassigned.map((u) => (
              <li key={u.id}>
                {u.number} — {u.productName} ({u.organisationName})
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="assign" />
                  <input type="hidden" name="applicationId" value={u.id} />
                  <button type="submit" className="button button--secondary" aria-label={t("council.apps.assignOf", { number: u.number })}>
                    {t("council.apps.assign")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {isOfficer ? (
        <section aria-labelledby="decision-heading" className="section">
          <h2 id="decision-heading">{t("council.decision.title")}</h2>
          {decisions.length > 0 ? (
            <>
              <h3>{t("council.decision.list")}</h3>
              <ul data-testid="round-decisions">
                {decisions.map((d) => (
                  <li key={d.id}>{t("council.decision.item", { number: d.number, date: formatDate(d.signedOn, locale), signer: `${d.signerName}, ${d.signerTitle}` })}</li>
                ))}
              </ul>
            </>
          ) : null}
          <p>{t("council.decision.lead")}</p>
          {evaluating.length === 0 || round.status === "open" ? (
            <p>{t("council.decision.none")}</p>
          ) : (
            <Form method="post" className="form" aria-labelledby="decision-heading" noValidate>
              <CsrfInput />
              <input type="hidden" name="intent" value="decide" />
              <FormError error={decisionErrors._form} />
              <TextField name="number" fieldId="decision-number" label={t("council.decision.number")} required maxLength={60} error={decisionErrors.number} />
              <TextField name="signedOn" fieldId="decision-signed" type="date" label={t("council.decision.signedOn")} required defaultValue={today} error={decisionErrors.signedOn} />
              <TextField name="signerName" fieldId="decision-signer" label={t("council.decision.signerName")} required maxLength={200} error={decisionErrors.signerName} />
              <TextField name="signerTitle" fieldId="decision-title" label={t("council.decision.signerTitle")} required maxLength={300} error={decisionErrors.signerTitle} />
              {evaluating.map((a) => {
                const max = a.result.provinceStars;
                const choices = [...(max === 4 ? ["4", "3"] : max === 3 ? ["3"] : []), "none"];
                return (
                  <fieldset key={a.id} className="fieldset" data-decide={a.number}>
                    <legend>
                      {a.number} — {localized(locale, a.productName, a.productNameEn)} · {t("council.col.mean")}: {points(a.result.mean)}
                    </legend>
                    <label className="checkbox">
                      <input type="checkbox" name="decide" value={a.id} defaultChecked={a.result.submitted > 0} disabled={a.result.submitted === 0} /> {t("council.decision.include", { number: a.number })}
                    </label>
                    <label htmlFor={`stars-${a.id}`}>{t("council.decision.starsOf", { number: a.number })}</label>
                    <select id={`stars-${a.id}`} name={`stars.${a.id}`} defaultValue={choices[0]}>
                      {choices.map((c) => (
                        <option key={c} value={c}>
                          {c === "none" ? t("council.stars.none") : t("council.stars.n", { stars: c })}
                        </option>
                      ))}
                    </select>
                  </fieldset>
                );
              })}
              <button type="submit" className="button">
                {t("council.decision.record")}
              </button>
            </Form>
          )}
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
