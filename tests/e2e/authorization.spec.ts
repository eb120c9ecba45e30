import { expect, test } from "@playwright/test";
import { own, sessionFor, type Who } from "./support/roles";

// Each workspace route × each role × own/other organisation, checked on the server's answers.
const nonMember = { anonymous: 302, consumer: 404, officer: 404, admin: 404, otherManager: 404 } as const;
const managerOnly = { ...nonMember, ownManager: 200, ownStaff: 403 } as const;
const anyMember = { ...nonMember, ownManager: 200, ownStaff: 200 } as const;

test("every workspace page answers each role as it should", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const manager = await sessionFor(browser, "ownManager", baseURL!);
  // Real ids of the cooperative's records, read as its manager.
  const batchesHtml = await (await manager.request.get(`/workspace/${own}/batches`)).text();
  const productsHtml = await (await manager.request.get(`/workspace/${own}/products`)).text();
  const batchPath = batchesHtml.match(new RegExp(`/workspace/${own}/batches/[0-9a-f-]{36}`))![0];
  const productPath = productsHtml.match(new RegExp(`/workspace/${own}/products/[0-9a-f-]{36}`))![0];
  await manager.close();

  const pages: [string, Partial<Record<Who, number>>][] = [
    [`/workspace/${own}`, anyMember],
    [`/workspace/${own}/products`, anyMember],
    [`/workspace/${own}/products/new`, managerOnly],
    [productPath, anyMember],
    [`/workspace/${own}/batches`, anyMember],
    [`/workspace/${own}/batches/new`, anyMember],
    [batchPath, anyMember],
    [`/workspace/${own}/profile`, managerOnly],
    [`/workspace/${own}/audit`, managerOnly],
  ];
  const failures: string[] = [];
  for (const who of ["anonymous", "consumer", "officer", "admin", "ownManager", "ownStaff", "otherManager"] as const) {
    const session = await sessionFor(browser, who, baseURL!);
    for (const [path, expected] of pages) {
      const status = (await session.request.get(path, { maxRedirects: 0 })).status();
      if (status !== expected[who]) failures.push(`${who} GET ${path}: ${status}, expected ${expected[who]}`);
    }
    await session.close();
  }
  expect(failures).toEqual([]);
});

test("no role can change another cooperative's records, even with its own valid CSRF token", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const manager = await sessionFor(browser, "ownManager", baseURL!);
  const batchesHtml = await (await manager.request.get(`/workspace/${own}/batches`)).text();
  const productsHtml = await (await manager.request.get(`/workspace/${own}/products`)).text();
  const batchPath = batchesHtml.match(new RegExp(`/workspace/${own}/batches/[0-9a-f-]{36}`))![0];
  const productPath = productsHtml.match(new RegExp(`/workspace/${own}/products/[0-9a-f-]{36}`))![0];
  const productId = productPath.split("/").pop()!;
  await manager.close();

  const posts: [string, Record<string, string>][] = [
    [`/workspace/${own}/products/new`, { nameVi: "Hàng giả", category: "tea", unitVi: "gói", unitEn: "pack" }],
    [productPath, { intent: "retire" }],
    [`/workspace/${own}/batches/new`, { productId, lotCode: "FAKE-1", quantity: "1", uom: "KGM", producedOn: "2026-11-01" }],
    [batchPath, { intent: "step", step: "storing", eventTime: "2026-11-21T10:00" }],
    [`/workspace/${own}/profile`, { name: "Bị chiếm", kind: "cooperative" }],
  ];
  const failures: string[] = [];
  for (const who of ["anonymous", "consumer", "officer", "admin", "otherManager"] as const) {
    const session = await sessionFor(browser, who, baseURL!);
    for (const [path, fields] of posts) {
      const status = (await session.request.post(path, { form: { csrf: session.csrf, ...fields }, maxRedirects: 0 })).status();
      const expected = who === "anonymous" ? 302 : 404;
      if (status !== expected) failures.push(`${who} POST ${path}: ${status}, expected ${expected}`);
    }
    await session.close();
  }
  // Staff may record on lots but not touch products or the profile.
  const staff = await sessionFor(browser, "ownStaff", baseURL!);
  for (const [path, fields] of [posts[0]!, posts[1]!, posts[4]!]) {
    const status = (await staff.request.post(path, { form: { csrf: staff.csrf, ...fields }, maxRedirects: 0 })).status();
    if (status !== 403) failures.push(`ownStaff POST ${path}: ${status}, expected 403`);
  }
  // And a member without the token is refused too.
  const noToken = (await staff.request.post(batchPath, { form: posts[3]![1], maxRedirects: 0 })).status();
  if (noToken !== 403) failures.push(`ownStaff POST without CSRF token: ${noToken}, expected 403`);
  await staff.close();
  expect(failures).toEqual([]);

  // Nothing was changed: the product is still on sale and the profile keeps its name.
  const check = await sessionFor(browser, "ownManager", baseURL!);
  expect(await (await check.request.get(productPath)).text()).toContain("Đang kinh doanh");
  expect(await (await check.request.get(`/workspace/${own}/profile`)).text()).not.toContain("Bị chiếm");
  await check.close();
});
