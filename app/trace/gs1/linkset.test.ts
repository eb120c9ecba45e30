import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  buildLinkset,
  defaultLinkOf,
  GS1_LINK_TYPES,
  GS1_VOC,
  linksetLinkHeader,
  linkTypeKey,
  linksOfType,
  type Linkset,
  type LinksetContext,
} from "./linkset";

import { GS1_FIXTURES as fixtures, gs1LinksetValidator } from "../../../tests/fixtures/gs1/schemas";

const host = "https://trace.example.vn";
const gtinUri = `${host}/01/08935049501237`;
const batchUri = `${gtinUri}/10/TC-2025%2F07`;

function appContexts(): LinksetContext[] {
  return [
    {
      anchor: batchUri,
      itemDescription: "Chè Tân Cương, lô TC-2025/07",
      links: [
        {
          linkType: "pip",
          href: { vi: `${batchUri}?lang=vi`.replace(host, `${host}/o`), en: `${host}/o/01/08935049501237/10/TC-2025%2F07?lang=en` },
          title: { vi: "Nguồn gốc sản phẩm", en: "Product origin" },
          type: "text/html",
          isDefault: true,
        },
        {
          linkType: "traceability",
          href: `${host}/epcis/batches/7f8c/events`,
          title: { vi: "Sự kiện truy xuất (EPCIS 2.0)", en: "Traceability events (EPCIS 2.0)" },
          type: "application/ld+json",
        },
      ],
    },
    {
      anchor: gtinUri,
      itemDescription: "Chè Tân Cương",
      links: [
        {
          linkType: "certificationInfo",
          href: { vi: `${host}/products/che-tan-cuong?lang=vi#ocop`, en: `${host}/products/che-tan-cuong?lang=en#ocop` },
          title: { vi: "Chứng nhận OCOP 4 sao", en: "OCOP 4-star certificate" },
          type: "text/html",
        },
        {
          linkType: "hasRetailers",
          href: { vi: `${host}/products/che-tan-cuong?lang=vi`, en: `${host}/products/che-tan-cuong?lang=en` },
          title: { vi: "Mua trực tuyến", en: "Buy online" },
          type: "text/html",
        },
      ],
    },
  ];
}

/** The rules of gs1-resolver-conformance-1.2.txt (and RFC 9264) that a linkset document can be checked for. */
function expectConformant(doc: Linkset) {
  expect(Object.keys(doc)).toEqual(["linkset"]);
  expect(Array.isArray(doc.linkset)).toBe(true);
  let defaults = 0;
  for (const context of doc.linkset) {
    // RFC 9264 4.2.2: each context object has an anchor; "The URI used as the subject SHALL be the uncompressed version".
    expect(typeof context.anchor).toBe("string");
    expect(() => new URL(context.anchor)).not.toThrow();
    for (const [key, value] of Object.entries(context)) {
      if (key === "anchor" || key === "itemDescription") {
        expect(typeof value).toBe("string");
        continue;
      }
      // Link types as full URIs, recognising the GS1 Web vocabulary namespace.
      expect(key.startsWith(GS1_VOC)).toBe(true);
      expect(Array.isArray(value)).toBe(true);
      for (const target of value as unknown as Record<string, unknown>[]) {
        // "All links exposed SHALL include the target URL, the link relationship type and a human-readable title".
        expect(() => new URL(target.href as string)).not.toThrow();
        expect(typeof target.title).toBe("string");
        expect((target.title as string).length).toBeGreaterThan(0);
        // RFC 9264 4.2.4: target attributes are href, type, hreflang (array), title, title* (array of value/language), ...
        // GS1's linkset schema allows href, title, hreflang, type, context, fwqs, public (no title*).
        for (const attribute of Object.keys(target)) {
          expect(["href", "title", "type", "hreflang", "context"]).toContain(attribute);
        }
        if ("hreflang" in target) expect(Array.isArray(target.hreflang)).toBe(true);
      }
      if (key === `${GS1_VOC}defaultLink`) defaults += (value as unknown[]).length;
    }
  }
  // "SHALL recognise one available link as the default for any given request URI".
  expect(defaults).toBe(1);
}

describe("buildLinkset", () => {
  it("the GS1 model linkset passes the same checks (so the checks are right)", () => {
    expectConformant(JSON.parse(readFileSync(`${fixtures}gs1-model-linkset.json`, "utf8")) as Linkset);
  });

  it("builds a conformant linkset with vi and en titles on every link", () => {
    const doc = buildLinkset(appContexts());
    expectConformant(doc);
    const batch = doc.linkset[0] as Record<string, unknown>;
    expect(batch.anchor).toBe(batchUri);
    expect(batch[`${GS1_VOC}pip`]).toEqual([
      { href: `${host}/o/01/08935049501237/10/TC-2025%2F07?lang=vi`, title: "Nguồn gốc sản phẩm", type: "text/html", hreflang: ["vi"] },
      { href: `${host}/o/01/08935049501237/10/TC-2025%2F07?lang=en`, title: "Product origin", type: "text/html", hreflang: ["en"] },
    ]);
    expect(batch[`${GS1_VOC}traceability`]).toEqual([
      {
        href: `${host}/epcis/batches/7f8c/events`,
        title: "Sự kiện truy xuất (EPCIS 2.0)",
        type: "application/ld+json",
      },
    ]);
    expect(batch[`${GS1_VOC}defaultLink`]).toEqual([
      { href: `${host}/o/01/08935049501237/10/TC-2025%2F07?lang=vi`, title: "Nguồn gốc sản phẩm" },
    ]);
    expect(Object.keys(doc.linkset[1] as object)).toEqual([
      "anchor",
      "itemDescription",
      `${GS1_VOC}certificationInfo`,
      `${GS1_VOC}hasRetailers`,
    ]);
  });

  it("validates against GS1's linkset schema (itemDescription required, no title*)", () => {
    const validate = gs1LinksetValidator();
    const doc = buildLinkset(appContexts());
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    // The schema does catch what the app used to send.
    const old = structuredClone(doc) as unknown as { linkset: Record<string, unknown>[] };
    delete old.linkset[0]?.itemDescription;
    expect(validate(old)).toBe(false);
  });

  it("refuses a context without an item description", () => {
    const contexts = appContexts();
    (contexts[0] as LinksetContext).itemDescription = " ";
    expect(() => buildLinkset(contexts)).toThrow(/itemDescription/);
  });

  it("publishes only link types ratified in the GS1 Web Vocabulary", () => {
    const vocabulary = JSON.parse(readFileSync(`${fixtures}gs1-web-voc-linktypes.json`, "utf8")) as Record<string, { status: string }>;
    for (const type of GS1_LINK_TYPES) expect(vocabulary[type]?.status, type).toBe("stable");
  });

  it("matches the model's shape: the same keys and value types per context and target", () => {
    const doc = buildLinkset(appContexts());
    const shape = (value: unknown): unknown =>
      Array.isArray(value) ? "array" : value !== null && typeof value === "object" ? "object" : typeof value;
    for (const context of doc.linkset) {
      expect(shape(context.anchor)).toBe("string");
      for (const [key, value] of Object.entries(context)) {
        if (key.startsWith(GS1_VOC)) expect(shape(value)).toBe("array");
      }
    }
  });

  it("puts the English title first when English is primary", () => {
    const doc = buildLinkset(appContexts(), "en");
    expect(defaultLinkOf(doc).title).toBe("Product origin");
    expect((linksOfType(doc, `${GS1_VOC}traceability`)[0] as { title: string }).title).toBe("Traceability events (EPCIS 2.0)");
  });

  it("finds the default and the links of one type for the resolver", () => {
    const doc = buildLinkset(appContexts());
    expect(defaultLinkOf(doc).href).toContain("lang=vi");
    expect(linksOfType(doc, `${GS1_VOC}hasRetailers`)).toHaveLength(2);
    expect(linksOfType(doc, `${GS1_VOC}pip`)).toHaveLength(2);
    expect(linksOfType(doc, `${GS1_VOC}recallStatus`)).toEqual([]);
    // The visitor's language first.
    expect(linksOfType(doc, `${GS1_VOC}pip`, "en")[0]?.hreflang).toEqual(["en"]);
  });

  it("refuses linksets that would not conform", () => {
    const noDefault = appContexts().map((c) => ({ ...c, links: c.links.map((l) => ({ ...l, isDefault: false })) }));
    expect(() => buildLinkset(noDefault)).toThrow(/exactly one default/);
    const twoDefaults = appContexts().map((c) => ({ ...c, links: c.links.map((l) => ({ ...l, isDefault: true })) }));
    expect(() => buildLinkset(twoDefaults)).toThrow(/exactly one default/);
    const untitled = appContexts();
    (untitled[1] as LinksetContext).links[0] = { linkType: "certificationInfo", href: `${host}/x`, title: { vi: "Chứng nhận", en: " " } };
    expect(() => buildLinkset(untitled)).toThrow(/title/);
    const relative = appContexts();
    (relative[1] as LinksetContext).links[0] = { linkType: "hasRetailers", href: "/products/x", title: { vi: "Mua", en: "Buy" } };
    expect(() => buildLinkset(relative)).toThrow(/absolute/);
  });
});

describe("linkTypeKey", () => {
  it("recognises the CURIE and full URIs in GS1's namespaces, nothing else", () => {
    for (const asked of ["gs1:traceability", "https://gs1.org/voc/traceability", "https://ref.gs1.org/voc/traceability", "http://gs1.org/voc/traceability"]) {
      expect(linkTypeKey(asked)).toBe(`${GS1_VOC}traceability`);
    }
    expect(linkTypeKey("traceability")).toBeNull();
    expect(linkTypeKey("https://example.org/voc/traceability")).toBeNull();
    expect(linkTypeKey("gs1:")).toBeNull();
  });
});

describe("linksetLinkHeader", () => {
  it("links the linkset only (listing every link is deprecated), and the uncompressed URI when asked", () => {
    expect(linksetLinkHeader(`${batchUri}?linkType=linkset`)).toBe(`<${batchUri}?linkType=linkset>; rel="linkset"; type="application/linkset+json"`);
    expect(linksetLinkHeader(`${batchUri}?linkType=linkset`, batchUri)).toContain(`<${batchUri}>; rel="owl:sameAs"`);
  });
});
