import { useT } from "~/lib/use-t";

/** A row of sized photos, the first loaded at once and the rest lazily. */
export function PhotoStrip({ urls, testId }: { urls: string[]; testId: string }) {
  const t = useT();
  if (urls.length === 0) return null;
  return (
    <ul className="photo-strip" data-testid={testId}>
      {urls.map((url, i) => (
        <li key={url}>
          <img src={url} alt={t("ws.photos.alt", { n: i + 1 })} width={480} height={320} loading={i === 0 ? "eager" : "lazy"} />
        </li>
      ))}
    </ul>
  );
}
