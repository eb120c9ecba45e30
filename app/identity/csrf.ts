/** Name of the hidden form field that carries the CSRF token (shared by forms and the server check). */
export const CSRF_FIELD = "csrf";
