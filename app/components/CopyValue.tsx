import { useEffect, useRef, useState } from "react";
import { useT } from "~/lib/use-t";

/**
 * A value a person copies into another app (an account number, an amount, a transfer note). Without JavaScript it
 * is plain selectable text; with JavaScript a button beside it copies `copyText` and says so.
 */
export function CopyValue({ text, copyText, label, testId }: { text: React.ReactNode; copyText: string; label: string; testId?: string }) {
  const t = useT();
  const [hydrated, setHydrated] = useState(false);
  const [copied, setCopied] = useState(false);
  const valueRef = useRef<HTMLElement>(null);
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 4_000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(copyText);
      setCopied(true);
    } catch {
      // No clipboard permission (older browsers, some in-app browsers): select the text for a long-press copy.
      const node = valueRef.current;
      const selection = window.getSelection();
      if (node && selection) {
        const range = document.createRange();
        range.selectNodeContents(node);
        selection.removeAllRanges();
        selection.addRange(range);
      }
    }
  }

  return (
    <span className="copy-value">
      <code className="copy-value__text" ref={valueRef} data-testid={testId}>
        {text}
      </code>
      {hydrated ? (
        <button type="button" className="button button--small button--secondary copy-value__button" onClick={() => void copy()} aria-label={copied ? undefined : t("copy.button.label", { what: label.toLocaleLowerCase() })}>
          {copied ? t("copy.done") : t("copy.button")}
        </button>
      ) : null}
      <span className="visually-hidden" aria-live="polite">
        {copied ? t("copy.doneWhat", { what: label.toLocaleLowerCase() }) : ""}
      </span>
    </span>
  );
}
