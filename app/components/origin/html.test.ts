import { describe, expect, it } from "vitest";
import { escapeHtml, html, SafeHtml } from "./html";

describe("escapeHtml", () => {
  it("escapes the five characters that can open markup or leave an attribute", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });

  it("returns plain text, Vietnamese included, unchanged", () => {
    expect(escapeHtml("Chè Tân Cương đặc biệt · 5★")).toBe("Chè Tân Cương đặc biệt · 5★");
    expect(escapeHtml("")).toBe("");
  });

  it("escapes an already escaped entity again (a value is text, never markup)", () => {
    expect(escapeHtml("&lt;b&gt;")).toBe("&amp;lt;b&amp;gt;");
  });
});

describe("html", () => {
  it("keeps the literal markup and escapes every value", () => {
    const value = `"><script>alert(1)</script>`;
    const out = html`<p title="${value}">${value}</p>`;
    expect(out).toBeInstanceOf(SafeHtml);
    expect(out.value).toBe(
      "<p title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    );
  });

  it("nests fragments without escaping them twice, joins lists and leaves out null, undefined and false", () => {
    const items = ["a<b", "c&d"].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe("<ul><li>a&lt;b</li><li>c&amp;d</li></ul>0");
  });

  it("escapes strings inside nested lists", () => {
    expect(html`${[["<i>", html`<b>${"<u>"}</b>`]]}`.value).toBe("&lt;i&gt;<b>&lt;u&gt;</b>");
  });
});
