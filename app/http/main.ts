import { fileURLToPath } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { ConfigError, parseEnv } from "~/lib/env.server";
import { resolvePublicAddress } from "~/lib/public-url.server";
import { createAppServer } from "./app-server";
import { createLogger } from "./request-log";
import { pruneAttempts } from "~/lib/throttle.server";
import { prepareDatabase, StartupError } from "./startup";
import { createStaticFiles } from "./static-files";
import { createOriginFastPath } from "./origin-fast-path";
import { createPageCache } from "./page-cache";
import { createResolverFastPath } from "./resolver-fast-path";
import { createScanRecorder } from "~/trace/scans.server";
import { createLocalFileStorage } from "~/storage/local-storage.server";
import { createLogChannel } from "~/notifications/channel";
import { createSmtpChannel } from "~/notifications/smtp.server";
import { startMailWorker } from "~/notifications/worker.server";
import { resolveSessionSecret } from "~/identity/secret.server";
import { createCardPayments } from "~/market/payments/card.server";
import { sweepCatalogueStars } from "~/market/catalogue-stars.server";
import { sendOcopExpiryReminders } from "~/catalog/ocop-expiry-reminders.server";
import { sendCaseReminders } from "~/supervision/case-reminders.server";
import { lapseExpiredReservations, lapseUnconfirmedCashOrders } from "~/market/stock.server";
import { scheduleEmbeddedUpkeep } from "#db/maintenance.server";

// React and Remix pick their production code paths from NODE_ENV when they are first loaded.
process.env.NODE_ENV ??= "production";

const projectRoot = fileURLToPath(new URL("..", import.meta.url));
const logger = createLogger();

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  // `npm start` (the demo) passes --demo; `npm run serve` (production) must be told its public address.
  const publicAddress = resolvePublicAddress(env, process.argv.includes("--demo") ? "demo" : "production");
  const publicUrl = publicAddress.origin;
  if (publicAddress.defaulted) {
    logger.log("warn", `PUBLIC_URL is not set: links in mails, QR codes and labels use ${publicUrl} (demo default; set PUBLIC_URL to the site's real address)`);
  }
  const handle = await prepareDatabase(env, `${projectRoot}db/migrations`, logger);
  const identity = {
    sessionSecret: await resolveSessionSecret(handle.db, env.SESSION_SECRET, (message) => logger.log("warn", message)),
  };
  // Mail leaves from the queue in the database (app/notifications): over SMTP when SMTP_URL is set; without a mail
  // server the messages (with their links) go to the server log, and stay in the outbox table.
  const smtp = env.SMTP_URL && env.MAIL_FROM ? createSmtpChannel({ url: env.SMTP_URL, from: env.MAIL_FROM }) : null;
  const mailWorker = startMailWorker({
    db: handle.db,
    channels: [smtp ?? createLogChannel((fields) => logger.log("info", "mail (development: not sent)", fields))],
    publicUrl,
    logger,
  });
  const storage = createLocalFileStorage({ root: env.UPLOAD_DIR });
  const payments = { card: createCardPayments(env) };
  // Card orders whose 30-minute reservation ran out give their stock back (docs/decisions/0007-stock-allocation-and-reservations.md),
  // and so do cash orders their cooperative did not confirm in time (docs/decisions/0008-payments-stripe-and-vietqr.md).
  let lapsing = false;
  const lapseTimer = setInterval(() => {
    if (lapsing) return;
    lapsing = true;
    lapseExpiredReservations(handle.db)
      .then((orders) => {
        if (orders > 0) logger.log("info", "card reservations lapsed", { orders });
      })
      // Cash-on-delivery orders no cooperative confirmed within its hold period (organisations.cash_hold_hours).
      .then(() => lapseUnconfirmedCashOrders(handle.db))
      .then((orders) => {
        if (orders > 0) logger.log("info", "unconfirmed cash orders lapsed", { orders });
      })
      // Throttle windows that have ended would restart at one anyway: drop them so the table stays small.
      .then(() => pruneAttempts(handle.db))
      // Storefront entries whose certificate expired (or began) since they were built get today's stars.
      .then(() => sweepCatalogueStars(handle.db))
      .then((entries) => {
        if (entries > 0) logger.log("info", "storefront stars brought to today", { entries });
      })
      .catch((error: unknown) => logger.log("error", "lapsing card reservations failed", { error: String(error) }))
      .finally(() => {
        lapsing = false;
      });
  }, 60_000);
  lapseTimer.unref();
  // OCOP certificates running out: the cooperative's managers are mailed 90, 30 and 7 days before, each reminder
  // once (a unique row per product × certificate × threshold, so several instances may run this together).
  let reminding = false;
  const remindOcopExpiry = () => {
    if (reminding) return;
    reminding = true;
    sendOcopExpiryReminders(handle.db, { publicUrl })
      .then((report) => {
        if (report.reminders > 0) logger.log("info", "OCOP expiry reminders queued", { ...report });
      })
      .catch((error: unknown) => logger.log("error", "OCOP expiry reminders failed", { error: String(error) }))
      .finally(() => {
        reminding = false;
      });
  };
  // Citizens' cases due within two working days or overdue: whoever holds each is mailed, each reminder once
  // (one transaction under an advisory lock, and a unique row per case × kind × due date).
  let remindingCases = false;
  const remindCases = () => {
    if (remindingCases) return;
    remindingCases = true;
    sendCaseReminders(handle.db, { publicUrl })
      .then((report) => {
        if (report.reminders > 0) logger.log("info", "case reminders queued", { ...report });
      })
      .catch((error: unknown) => logger.log("error", "case reminders failed", { error: String(error) }))
      .finally(() => {
        remindingCases = false;
      });
  };
  const reminderStart = setTimeout(() => {
    remindOcopExpiry();
    remindCases();
  }, 30_000);
  reminderStart.unref();
  const reminderTimer = setInterval(() => {
    remindOcopExpiry();
    remindCases();
  }, 60 * 60_000);
  reminderTimer.unref();
  // The embedded database has no autovacuum: ANALYZE now, VACUUM (ANALYZE) nightly (db/maintenance.server.ts).
  const upkeep = scheduleEmbeddedUpkeep(handle, (kind, outcome) =>
    "error" in outcome ? logger.log("error", "database upkeep failed", { kind, error: outcome.error }) : logger.log("info", "database upkeep", { kind, ms: outcome.ms }),
  );

  const build = (await import(new URL("./index.js", import.meta.url).href)) as ServerBuild;
  const remix = createRequestHandler(build, build.mode);
  const scans = createScanRecorder(handle.db, {
    onError: (error) => logger.log("error", "scan counts not written", { error: String(error) }),
  });
  // QR scans: the resolver and the cached origin page answer before Remix (docs/decisions/0005-origin-page-cache.md).
  const originPage = createOriginFastPath({
    db: handle.db,
    // Rendered without Remix, with the root route's stylesheet and icon links.
    links: build.routes.root?.module.links?.() ?? [],
    scans,
    publicUrl,
    cache: process.env.ORIGIN_CACHE !== "off",
  });
  // The storefront's result pages, kept for anonymous visitors (docs/decisions/0013-storefront-page-cache.md).
  const pageCache = createPageCache({
    paths: ["/shop", "/transparency/support"],
    publicUrl,
    // A kept page is rendered for everyone: no client of its own.
    render: (request, pageStamp) => remix(request, { db: handle.db, storage, identity, payments, logger, publicUrl, clientAddress: "page-cache", pageStamp }),
    cache: process.env.PAGE_CACHE !== "off",
  });
  const server = createAppServer({
    handle: (request, info) => remix(request, { db: handle.db, storage, identity, payments, logger, publicUrl, clientAddress: info.clientAddress }),
    staticFiles: createStaticFiles(`${projectRoot}public`),
    logger,
    logRequests: env.LOG_REQUESTS,
    database: { driver: handle.driver, ping: handle.ping },
    fastPaths: [createResolverFastPath(handle.db, publicUrl), originPage, pageCache],
    publicUrl,
    trustProxy: env.TRUST_PROXY,
  });
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.log("warn", "forced exit", { signal });
      logger.flush();
      process.exit(1);
    }
    stopping = true;
    clearInterval(lapseTimer);
    clearTimeout(reminderStart);
    clearInterval(reminderTimer);
    mailWorker.stop();
    smtp?.close();
    upkeep.stop();
    logger.log("info", "stopping", { signal });
    const force = setTimeout(() => {
      server.closeAllConnections();
    }, 10_000);
    force.unref();
    server.close(() => {
      scans
        .close()
        .catch((error: unknown) => logger.log("error", "scan counts not written", { error: String(error) }))
        .then(() => handle.close())
        .catch((error: unknown) => logger.log("error", "database close failed", { error: String(error) }))
        .finally(() => {
          logger.log("info", "stopped");
          logger.flush();
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  logger.log("info", "listening", {
    url: `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`,
    publicUrl,
    trustProxy: env.TRUST_PROXY,
    mail: smtp ? "smtp" : "log",
    database: handle.driver,
    location: handle.location,
  });
}

main().catch((error: unknown) => {
  logger.flush();
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`ocop-trace: ${error.message}\n`);
  } else if (error && typeof error === "object" && "code" in error && error.code === "EADDRINUSE") {
    process.stderr.write(`ocop-trace: port already in use: ${(error as { message?: string }).message ?? ""}\n`);
  } else {
    process.stderr.write(`ocop-trace: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
});
