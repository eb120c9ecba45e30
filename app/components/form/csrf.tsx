export { CsrfInput as CsrfField } from "~/components/CsrfInput";
