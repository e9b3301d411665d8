// The one way the client talks to the server: the public JSON API (API.md), with the session's
// token, problem+json errors turned into ApiError, and cursor paging.

const TOKEN_KEY = "instagraph.token";
const USER_KEY = "instagraph.user";

/** An answer of the API that was not a success: its problem's `detail`, status and Retry-After. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem.detail || problem.title || `The server answered ${status}.`);
    this.status = status;
    this.problem = problem;
    this.errors = problem.errors || {};
    this.retryAfter = retryAfter; // seconds, for a 429
  }

  /** What to show the person: the detail, each field's messages, and when to try again. */
  get explanation() {
    const fields = Object.entries(this.errors).map(([field, messages]) => `${field}: ${[].concat(messages).join(" ")}`);
    const seconds = this.retryAfter === 1 ? "1 second" : `${this.retryAfter} seconds`;
    const said = /try again in/i.test(this.message); // the server's detail may say it already
    const wait = this.status === 429 && this.retryAfter != null && !said ? ` Try again in ${seconds}.` : "";
    return [this.message + wait, ...fields].join("\n");
  }
}

/** The session kept for this tab only (sessionStorage): the token and my own card. */
export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  get user() { return JSON.parse(sessionStorage.getItem(USER_KEY) || "null"); },
  save(token, user) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },
};

function headers(extra = {}) {
  const token = session.token;
  return { Accept: "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra };
}

async function failure(status, text, retryAfter) {
  let problem;
  try { problem = JSON.parse(text); } catch { problem = { detail: text || `The server answered ${status}.` }; }
  return new ApiError(status, problem, retryAfter == null ? null : Number(retryAfter));
}

/** One request; the parsed JSON body (null for 204), or an ApiError thrown. */
export async function request(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, { detail: "The server cannot be reached. Check your connection and try again." }, null);
  }
  const text = await response.text();
  if (!response.ok) throw await failure(response.status, text, response.headers.get("Retry-After"));
  return text ? JSON.parse(text) : null;
}

export const get = (path) => request("GET", path);
export const post = (path, body) => request("POST", path, body);
export const patch = (path, body) => request("PATCH", path, body);
export const del = (path) => request("DELETE", path);

/** `/v1/users/{name}`-style paths, every dynamic segment escaped. */
export function path(strings, ...values) {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? encodeURIComponent(values[i]) : ""), "");
}

/** Pages of a list: `await pages.next()` gives the next page's items, `pages.done` says when none is left. */
export function pager(listPath, limit = 12) {
  let cursor = null;
  return {
    done: false,
    async next() {
      const separator = listPath.includes("?") ? "&" : "?";
      const query = `${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = await get(listPath + query);
      cursor = page.next_cursor;
      this.done = !cursor;
      return page.items;
    },
  };
}

/** A fresh random key (crypto.randomUUID needs a secure context; plain http on a LAN is not one). */
const idempotencyKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");

/**
 * Upload a photo as multipart/form-data through XHR, whose upload events tell the progress.
 * Resolves to the new photo; rejects with an ApiError (413, 415, 422, 429...).
 */
export function uploadPhoto(form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/v1/photos");
    for (const [name, value] of Object.entries(headers({ "Idempotency-Key": idempotencyKey() }))) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("load", async () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText));
      else reject(await failure(xhr.status, xhr.responseText, xhr.getResponseHeader("Retry-After")));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, { detail: "The upload failed: the server cannot be reached." }, null)));
    xhr.send(form);
  });
}
