// One redactor for every text that leaves the process (log, summary, outputs, comments, the CLI's
// output) and for every server error body as it arrives, before anything quotes or truncates it:
// registered secrets in the forms a server may echo them (raw, URL- or form-encoded, JSON-escaped),
// and anything shaped like a credential.
const SHAPES: [RegExp, string][] = [
  [/\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{6,}/g, "[redacted]"],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, "[redacted]"], // a JWT
  // A credential after its scheme is long and unbroken; prose ("a token that …") is neither.
  [/\b(bearer|token|basic)(\s+)[A-Za-z0-9._~+/=-]{16,}/gi, "$1$2[redacted]"],
  [
    /\b(client_secret|access_token|refresh_token|password)(["']?\s*[=:]\s*["']?)[^\s&,;"']+/gi,
    "$1$2[redacted]",
  ],
];

export class Redactor {
  private forms: string[] = [];

  /** A secret, from now on replaced wherever it appears. Values under 4 characters are not (too common). */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < 4) return;
    const json = JSON.stringify(secret).slice(1, -1);
    const form = new URLSearchParams({ s: secret }).toString().slice(2);
    const url = encodeURIComponent(secret);
    const lower = (s: string) => s.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
    // Also as other encoders write it: lower-case percent escapes, `\/` in JSON (PHP and others),
    // every character \u-escaped, HTML entities in an error page.
    const html = secret.replace(
      /[&<>"']/g,
      (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`,
    );
    let unicode = ""; // every UTF-16 code unit, as JSON may escape it
    for (let i = 0; i < secret.length; i++)
      unicode += `\\u${secret.charCodeAt(i).toString(16).padStart(4, "0")}`;
    for (const f of [
      secret,
      url,
      form,
      json,
      lower(url),
      lower(form),
      json.replace(/\//g, "\\/"),
      unicode,
      html,
    ])
      if (!this.forms.includes(f)) this.forms.push(f);
    this.forms.sort((a, b) => b.length - a.length); // a longer form first: no piece of it is left
  }

  redact = (text: string): string => {
    let out = text;
    for (const f of this.forms) out = out.split(f).join("***");
    for (const [shape, by] of SHAPES) out = out.replace(shape, by);
    return out;
  };
}

/** Credential shapes only (no registered secrets): for text from services that know none of ours. */
export const redactShapes = new Redactor().redact;
