import { describe, expect, it } from "vitest";
import { fieldErrors } from "~/lib/field-errors";
import { messages } from "~/lib/i18n";
import {
  acceptInvitationSchema,
  changePasswordSchema,
  forgotPasswordSchema,
  inviteStaffSchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
} from "./schema";

function errorsOf(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? {} : fieldErrors(result.error as Parameters<typeof fieldErrors>[0]);
}

const consumer = { accountType: "consumer", displayName: "Nguyễn Thị Lan", email: "Lan@Example.VN", password: "mật khẩu dài" };

describe("sign-up form", () => {
  it("accepts a consumer and lower-cases the email", () => {
    const parsed = signUpSchema.parse(consumer);
    expect(parsed.email).toBe("lan@example.vn");
    expect(parsed.organisationName).toBeUndefined();
  });

  it("names every missing field", () => {
    expect(errorsOf(signUpSchema, {})).toEqual({
      accountType: "auth.v.accountTypeRequired",
      displayName: "auth.v.nameRequired",
      email: "auth.v.emailRequired",
      password: "auth.v.passwordRequired",
    });
    expect(errorsOf(signUpSchema, { ...consumer, displayName: "   ", email: "", password: "" })).toEqual({
      displayName: "auth.v.nameRequired",
      email: "auth.v.emailRequired",
      password: "auth.v.passwordRequired",
    });
  });

  it("rejects malformed and over-long emails, short and over-long passwords, over-long names", () => {
    expect(errorsOf(signUpSchema, { ...consumer, email: "lan@" }).email).toBe("auth.v.emailInvalid");
    expect(errorsOf(signUpSchema, { ...consumer, email: "lan example.vn" }).email).toBe("auth.v.emailInvalid");
    expect(errorsOf(signUpSchema, { ...consumer, email: `${"a".repeat(250)}@x.vn` }).email).toBe("auth.v.emailTooLong");
    expect(errorsOf(signUpSchema, { ...consumer, password: "1234567" }).password).toBe("auth.v.passwordTooShort");
    expect(errorsOf(signUpSchema, { ...consumer, password: "x".repeat(201) }).password).toBe("auth.v.passwordTooLong");
    expect(errorsOf(signUpSchema, { ...consumer, password: "x".repeat(200) }).password).toBeUndefined();
    expect(errorsOf(signUpSchema, { ...consumer, displayName: "N".repeat(101) }).displayName).toBe("auth.v.nameTooLong");
  });

  it("needs a name and a kind for an organisation, and refuses unknown kinds", () => {
    expect(errorsOf(signUpSchema, { ...consumer, accountType: "organisation" })).toEqual({
      organisationName: "auth.v.organisationNameRequired",
      organisationKind: "auth.v.organisationKindRequired",
    });
    expect(
      errorsOf(signUpSchema, { ...consumer, accountType: "organisation", organisationName: "HTX A", organisationKind: "platform" })
        .organisationKind,
    ).toBe("auth.v.organisationKindRequired");
    expect(errorsOf(signUpSchema, { ...consumer, accountType: "admin" }).accountType).toBe("auth.v.accountTypeRequired");
  });

  it("keeps HTML and script as plain text (escaping is the page's job, never silent rewriting)", () => {
    const parsed = signUpSchema.parse({ ...consumer, displayName: "<script>alert('x')</script>" });
    expect(parsed.displayName).toBe("<script>alert('x')</script>");
  });
});

describe("other identity forms", () => {
  it("sign-in needs both fields but never reveals password rules", () => {
    expect(errorsOf(signInSchema, { email: "a@b.vn", password: "short" })).toEqual({});
    expect(errorsOf(signInSchema, { email: "", password: "" })).toEqual({
      email: "auth.v.emailRequired",
      password: "auth.v.passwordRequired",
    });
  });

  it("password change and reset need matching new passwords", () => {
    expect(errorsOf(changePasswordSchema, { currentPassword: "old-one!", newPassword: "new-password", confirmPassword: "new-passw0rd" })).toEqual({
      confirmPassword: "auth.v.passwordsDiffer",
    });
    const token = "A".repeat(43);
    expect(errorsOf(resetPasswordSchema, { token, newPassword: "short", confirmPassword: "short" }).newPassword).toBe("auth.v.passwordTooShort");
    expect(errorsOf(resetPasswordSchema, { token: "not-a-token", newPassword: "long enough", confirmPassword: "long enough" }).token).toBe(
      "auth.token.invalid",
    );
  });

  it("invitations need an organisation id, an email and a cooperative role", () => {
    expect(errorsOf(inviteStaffSchema, { organisationId: "x", email: "b", role: "admin" })).toEqual({
      organisationId: "auth.v.invalid",
      email: "auth.v.emailInvalid",
      role: "auth.v.roleInvalid",
    });
    expect(errorsOf(acceptInvitationSchema, { token: "A".repeat(43), password: "" }).password).toBe("auth.v.passwordRequired");
    expect(errorsOf(forgotPasswordSchema, { email: " " }).email).toBe("auth.v.emailRequired");
  });

  it("produce only message keys that exist in both languages", () => {
    const samples = [
      errorsOf(signUpSchema, {}),
      errorsOf(signUpSchema, { ...consumer, accountType: "organisation", email: "x", password: "1" }),
      errorsOf(changePasswordSchema, { newPassword: "a", confirmPassword: "b" }),
      errorsOf(inviteStaffSchema, {}),
      errorsOf(resetPasswordSchema, {}),
    ];
    for (const key of samples.flatMap((s) => Object.values(s))) {
      expect(messages.vi, key).toHaveProperty([key]);
      expect(messages.en, key).toHaveProperty([key]);
    }
  });
});
