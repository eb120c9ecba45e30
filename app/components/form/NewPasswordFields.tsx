import { PASSWORD_MAX, PASSWORD_MIN } from "~/identity/schema";
import { useT } from "~/lib/use-t";
import { TextField } from "./fields";

/** A new password and its confirmation, as the password change and reset forms ask for them. */
export function NewPasswordFields({ errors }: { errors: Record<string, string | undefined> }) {
  const t = useT();
  return (
    <>
      <TextField
        name="newPassword"
        type="password"
        label={t("auth.field.newPassword")}
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        maxLength={PASSWORD_MAX}
        hint={t("auth.field.passwordHint")}
        error={errors.newPassword}
      />
      <TextField
        name="confirmPassword"
        type="password"
        label={t("auth.field.confirmPassword")}
        autoComplete="new-password"
        required
        maxLength={PASSWORD_MAX}
        error={errors.confirmPassword}
      />
    </>
  );
}
