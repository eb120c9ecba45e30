import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { handleError } from "~/entry.server";
import type { Logger } from "~/lib/logger";
import { createAppServer } from "./app-server";
import { createLogger } from "./request-log";

// A write that fails (an unknown province) with a buyer's personal data among its parameters: the log names
// the failure but none of the buyer's name, phone number or address.

const buyer = { name: "Nguyễn Thị Hoa Mai", phone: "0912345678", address: "Số 17 ngõ 42 đường Phan Đình Phùng" };

let t: TestDatabase;
let server: Server;
let base: string;
let logger: Logger;
const lines: string[] = [];

function failingWrite() {
  return t.db.insert(orders).values({
    number: "DH-LOGTEST1",
    status: "pending_payment" as never,
    paymentMethod: "cod" as never,
    contactName: buyer.name,
    phone: buyer.phone,
    deliveryProvinceCode: "99",
    deliveryCommuneName: "Phường Tân Thịnh",
    deliveryAddress: buyer.address,
    subtotalVnd: 450_000,
    totalVnd: 450_000,
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  logger = createLogger(
    new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).trim().split("\n"));
        done();
      },
    }),
  );
  server = createAppServer({
    handle: async () => {
      await failingWrite();
      return new Response("unreachable");
    },
    staticFiles: { serve: async () => false },
    logger,
    logRequests: false,
    database: { driver: t.driver, ping: t.ping },
    publicUrl: "http://localhost:3000",
    trustProxy: false,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.dispose();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function expectNoPersonalData(log: string) {
  expect(log).not.toContain(buyer.name);
  expect(log).not.toContain(buyer.phone);
  expect(log).not.toContain(buyer.phone.slice(1));
  expect(log).not.toContain(buyer.address);
  expect(log).not.toContain("Phan Đình Phùng");
}

describe("the log of a failing write", () => {
  it("the write really fails with the buyer's data in the error", async () => {
    const error = await failingWrite().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain(buyer.phone);
  });

  it("the server's 'request failed' line names the failure without the buyer's name, phone or address", async () => {
    lines.length = 0;
    expect((await fetch(`${base}/checkout`, { method: "POST" })).status).toBe(500);
    await settle();
    const log = lines.join("\n");
    expect(log).toContain("request failed");
    expect(log).toContain("insert into");
    expectNoPersonalData(log);
  });

  it("Remix's error handler (loaders and actions) logs it the same way", async () => {
    lines.length = 0;
    const error = await failingWrite().then(
      () => null,
      (e: unknown) => e,
    );
    const request = new Request("http://localhost:3000/checkout", { method: "POST" });
    handleError(error, { request, params: {}, context: { logger } as never });
    await settle();
    const log = lines.join("\n");
    expect(log).toContain("loader or action failed");
    expectNoPersonalData(log);
  });
});
