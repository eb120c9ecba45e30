/**
 * Runs the Stripe fake (tests/mocks/stripe-fake.ts) as its own process for the Playwright run: the app
 * server talks to it through the real SDK (STRIPE_API_URL), the browser is sent to its hosted payment
 * page, and its Pay button completes the session, delivers the signed `checkout.session.completed`
 * webhook to the app and only then redirects to the success URL.
 *
 * Started by tests/playwright.config.ts (bundled with esbuild first); listens on 127.0.0.1 only and
 * exits when Playwright stops it or when its parent goes away.
 */
import { startStripeFake } from "../../mocks/stripe-fake";

const port = Number(process.env.STRIPE_FAKE_PORT);
const webhookUrl = process.env.STRIPE_FAKE_WEBHOOK_URL;
if (!Number.isInteger(port) || port <= 0 || !webhookUrl) {
  console.error("stripe-fake-server: STRIPE_FAKE_PORT and STRIPE_FAKE_WEBHOOK_URL are required");
  process.exit(1);
}

void startStripeFake({ port, webhookUrl }).then((fake) => {
  console.log(`stripe fake listening on ${fake.url}, webhooks to ${webhookUrl}`);
  const stop = () => {
    void fake.stop().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // The fake's server is unref'd (it never keeps a test alive); here it is the whole process, so hold
  // it open, and leave when the parent that started it is gone.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1000);
});
