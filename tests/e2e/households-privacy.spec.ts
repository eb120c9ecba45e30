import { expect, test } from "@playwright/test";
import { own, sessionFor, type Who } from "./support/roles";

// Households' personal data (names, ethnicity, poverty status) against every role, on every
// households route, read and write: only the cooperative's own manager gets through.

// Admins are allowed by the rule but these workspace pages are members' pages: they get 404 too.
const refused: Record<Exclude<Who, "ownManager">, number> = { anonymous: 302, consumer: 404, officer: 404, admin: 404, otherManager: 404, ownStaff: 403 };

test("only the cooperative's own manager reaches households' personal data, by any households route", async ({ browser, baseURL }) => {
  test.setTimeout(150_000);
  const suffix = Date.now().toString(36).toUpperCase().slice(-6);
  const code = `PRIV-${suffix}`;
  const headName = `Hoàng Thị Riêng Tư ${suffix}`;

  // The manager registers a household with a recognisable name.
  const manager = await sessionFor(browser, "ownManager", baseURL!);
  const newHtml = await (await manager.request.get(`/workspace/${own}/households/new`)).text();
  const communeId = /name="communeId"[\s\S]*?<option value="(\d+)"/.exec(newHtml)![1]!;
  const created = await manager.request.post(`/workspace/${own}/households/new`, {
    form: { csrf: manager.csrf, code, headName, headSex: "female", memberCount: "3", ethnicityCode: "18", communeId, joinedOn: "2021-02-01" },
    maxRedirects: 0,
  });
  expect(created.status()).toBe(302);
  const detail = new URL(created.headers().location!, baseURL).pathname;
  expect(detail).toMatch(new RegExp(`^/workspace/${own}/households/[0-9a-f-]{36}$`));
  const householdId = detail.split("/").pop()!;

  const pages = [
    `/workspace/${own}/households`,
    `/workspace/${own}/households?year=2026`,
    `/workspace/${own}/households/new`,
    detail,
    `/workspace/${own}/households/supplies`,
    `/workspace/${own}/households/income`,
    `/workspace/${own}/households/income?year=2026`,
    `/workspace/${own}/households/import`,
  ];
  for (const path of pages) {
    const response = await manager.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
  }
  expect(await (await manager.request.get(detail)).text()).toContain(headName);

  const posts: [string, Record<string, string>][] = [
    [`/workspace/${own}/households/new`, { code: `X${suffix}`, headName: "Kẻ Giả Mạo", headSex: "male", memberCount: "2", ethnicityCode: "01", communeId, joinedOn: "2021-01-01" }],
    [detail, { intent: "status", year: "2026", status: "poor" }],
    [`/workspace/${own}/households/supplies`, { intent: "payment", householdId, reference: `FAKE-${suffix}`, kind: "wage", paidOn: "2026-11-01", amountVnd: "1000000" }],
    [`/workspace/${own}/households/import`, { intent: "commit", kind: "households", sha256: "0".repeat(64) }],
  ];

  const failures: string[] = [];
  for (const who of ["anonymous", "consumer", "officer", "admin", "ownStaff", "otherManager"] as const) {
    const session = await sessionFor(browser, who, baseURL!);
    for (const path of pages) {
      const response = await session.request.get(path, { maxRedirects: 0 });
      if (response.status() !== refused[who]) failures.push(`${who} GET ${path}: ${response.status()}, expected ${refused[who]}`);
      const body = await response.text();
      if (body.includes(headName) || body.includes(code)) failures.push(`${who} GET ${path}: personal data in the answer`);
    }
    for (const [path, fields] of posts) {
      const response = await session.request.post(path, { form: { csrf: session.csrf, ...fields }, maxRedirects: 0 });
      if (response.status() !== refused[who]) failures.push(`${who} POST ${path}: ${response.status()}, expected ${refused[who]}`);
    }
    // A multipart upload to the import page is refused before the file is read.
    const upload = await session.request.post(`/workspace/${own}/households/import`, {
      multipart: { csrf: session.csrf, kind: "households", file: { name: "ho.csv", mimeType: "text/csv", buffer: Buffer.from(`Mã hộ,Họ tên chủ hộ\n${code},x\n`) } },
      maxRedirects: 0,
    });
    if (upload.status() !== refused[who]) failures.push(`${who} POST import upload: ${upload.status()}, expected ${refused[who]}`);
    if ((await upload.text()).includes(headName)) failures.push(`${who} import upload: personal data in the answer`);
    await session.close();
  }

  // The department's pages carry no household's name or code either.
  const officer = await sessionFor(browser, "officer", baseURL!);
  for (const path of ["/department", "/department/market"]) {
    const response = await officer.request.get(path);
    const body = await response.text();
    if (body.includes(headName) || body.includes(code)) failures.push(`officer GET ${path}: personal data in the answer`);
  }
  await officer.close();
  expect(failures).toEqual([]);

  // Nothing was changed by anyone else: no forged household, status or payment.
  const list = await (await manager.request.get(`/workspace/${own}/households`)).text();
  expect(list).not.toContain("Kẻ Giả Mạo");
  const after = await (await manager.request.get(detail)).text();
  expect(after).not.toContain(`FAKE-${suffix}`);
  expect(after).not.toContain(`data-testid="household-statuses"`);

  // Every view of personal data by the manager was logged, apart from the changes the log shows first.
  const audit = (await (await manager.request.get(`/workspace/${own}/audit?show=views`)).text()).replaceAll("<!-- -->", "");
  // In people's words: the household list, one household, the households' incomes.
  for (const entity of ["Danh sách hộ thành viên", "Hộ thành viên", "Thu nhập hộ thành viên"]) expect(audit).toContain(`<td>${entity} · xem thông tin cá nhân</td>`);
  const changes = (await (await manager.request.get(`/workspace/${own}/audit`)).text()).replaceAll("<!-- -->", "");
  expect(changes).not.toContain("view_personal_data");
  expect(changes).not.toContain("xem thông tin cá nhân");
  await manager.close();
});
