/**
 * Zod schemas of the identity forms, used by the actions and the domain alike. Messages are
 * translation keys (app/lib/messages/identity.ts), translated when the form is rendered.
 */
import { z } from "zod";
import { freeText } from "~/lib/form-values";
import { invitableRoles } from "./roles";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;
export const NAME_MAX = 100;
export const ORGANISATION_NAME_MAX = 160;
export const EMAIL_MAX = 254;

export const signUpOrganisationKinds = ["cooperative", "cooperative_group", "enterprise", "household_business"] as const;
export const accountTypes = ["consumer", "organisation"] as const;

const requiredText = (required: string) => z.string({ message: required }).trim().min(1, { message: required });

export const emailField = requiredText("auth.v.emailRequired")
  .max(EMAIL_MAX, { message: "auth.v.emailTooLong" })
  .pipe(z.email({ message: "auth.v.emailInvalid" }))
  .transform((v) => v.toLowerCase());

/** A new password: never trimmed, 8 to 200 characters. */
export const newPasswordField = z
  .string({ message: "auth.v.passwordRequired" })
  .min(1, { message: "auth.v.passwordRequired" })
  .min(PASSWORD_MIN, { message: "auth.v.passwordTooShort" })
  .max(PASSWORD_MAX, { message: "auth.v.passwordTooLong" });

/** A password typed to prove who one is: only presence and the upper bound are checked. */
export const currentPasswordField = z
  .string({ message: "auth.v.passwordRequired" })
  .min(1, { message: "auth.v.passwordRequired" })
  .max(PASSWORD_MAX, { message: "auth.v.passwordTooLong" });

export const displayNameField = freeText(NAME_MAX, "auth.v.nameTooLong", "auth.v.nameRequired").min(1, { message: "auth.v.nameRequired" });

const tokenField = z.string({ message: "auth.token.invalid" }).regex(/^[A-Za-z0-9_-]{43}$/, { message: "auth.token.invalid" });
const uuidField = z.uuid({ message: "auth.v.invalid" });

export const signUpSchema = z
  .object({
    accountType: z.enum(accountTypes, { message: "auth.v.accountTypeRequired" }),
    displayName: displayNameField,
    email: emailField,
    password: newPasswordField,
    organisationName: freeText(ORGANISATION_NAME_MAX, "auth.v.organisationNameTooLong").optional(),
    organisationKind: z.enum(signUpOrganisationKinds, { message: "auth.v.organisationKindRequired" }).optional().catch(undefined),
  })
  .superRefine((value, ctx) => {
    if (value.accountType !== "organisation") return;
    if (!value.organisationName) {
      ctx.addIssue({ code: "custom", path: ["organisationName"], message: "auth.v.organisationNameRequired" });
    }
    if (!value.organisationKind) {
      ctx.addIssue({ code: "custom", path: ["organisationKind"], message: "auth.v.organisationKindRequired" });
    }
  });
export type SignUpInput = z.input<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailField,
  password: currentPasswordField,
});

export const changePasswordSchema = z
  .object({
    currentPassword: currentPasswordField,
    newPassword: newPasswordField,
    confirmPassword: z.string({ message: "auth.v.passwordRequired" }).max(PASSWORD_MAX, { message: "auth.v.passwordTooLong" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "auth.v.passwordsDiffer" });

export const forgotPasswordSchema = z.object({ email: emailField });

export const resetPasswordSchema = z
  .object({
    token: tokenField,
    newPassword: newPasswordField,
    confirmPassword: z.string({ message: "auth.v.passwordRequired" }).max(PASSWORD_MAX, { message: "auth.v.passwordTooLong" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "auth.v.passwordsDiffer" });

export const inviteStaffSchema = z.object({
  organisationId: uuidField,
  email: emailField,
  role: z.enum(invitableRoles, { message: "auth.v.roleInvalid" }),
});

/** Accepting an invitation: a new account gives a name and a new password; an existing one its password. */
export const acceptInvitationSchema = z.object({
  token: tokenField,
  displayName: freeText(NAME_MAX, "auth.v.nameTooLong").optional(),
  password: currentPasswordField,
});

export const approveOrganisationSchema = z.object({ organisationId: uuidField });

/** The department appoints a commune officer: the person's address and the commune they will act for. */
export const appointCommuneOfficerSchema = z.object({
  email: emailField,
  communeId: z.coerce.number({ message: "auth.v.communeRequired" }).int({ message: "auth.v.communeRequired" }).positive({ message: "auth.v.communeRequired" }),
});
