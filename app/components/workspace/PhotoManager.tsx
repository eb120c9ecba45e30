import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, TextField } from "~/components/form/fields";
import { useT } from "~/lib/use-t";

/** Photos of a product or an organisation: thumbnails with a remove button, and an upload form. */
export function PhotoManager({ photos, error }: { photos: { id: string; url: string }[]; error?: string }) {
  const t = useT();
  return (
    <section aria-labelledby="photos-heading" className="section panel" data-testid="photo-manager">
      <h3 id="photos-heading">{t("ws.photos.title")}</h3>
      {photos.length === 0 ? (
        <p>{t("ws.photos.empty")}</p>
      ) : (
        <ul className="photo-grid">
          {photos.map((photo, i) => (
            <li key={photo.id}>
              <img src={photo.url} alt={t("ws.photos.alt", { n: i + 1 })} width={160} height={120} loading="lazy" />
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="photoId" value={photo.id} />
                <button type="submit" name="intent" value="removePhoto" className="button button--secondary">
                  {t("ws.photos.remove")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" encType="multipart/form-data" className="form">
        <CsrfInput />
        <FormError error={error} />
        <TextField name="photo" type="file" accept="image/jpeg,image/png,image/webp" label={t("ws.photos.field")} hint={t("upload.hint.photo")} />
        <p>
          <button type="submit" name="intent" value="addPhoto" className="button">
            {t("ws.photos.add")}
          </button>
        </p>
      </Form>
    </section>
  );
}
