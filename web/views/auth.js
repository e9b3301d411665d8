// Sign up and log in: both end with the token kept for this tab (sessionStorage).

import { post, session } from "../api.js";
import { act, errorBox, h, replace } from "../ui.js";

function field(id, label, attributes) {
  return [h("label", { for: id }, label), h("input", { id, name: id, required: true, ...attributes })];
}

async function logIn(username, password) {
  const { token, user } = await post("/v1/sessions", { username, password });
  session.save(token, user);
  location.hash = "#/";
}

function authForm(main, { title, button, other, submit }) {
  const box = errorBox();
  const submitButton = h("button", { type: "submit" }, button);
  const form = h(
    "form",
    { className: "card auth" },
    h("h1", {}, title),
    field("username", "Username", { autocomplete: "username", autocapitalize: "none", maxlength: 30, spellcheck: "false" }),
    field("password", "Password", { type: "password", autocomplete: button === "Sign up" ? "new-password" : "current-password" }),
    submitButton,
    box,
    h("p", {}, other)
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    act(submitButton, box, () => submit(form.elements.username.value.trim(), form.elements.password.value));
  });
  replace(main, form);
  form.elements.username.focus();
}

/** `#/login`. */
export function loginPage(main) {
  authForm(main, {
    title: "Log in to Instagraph",
    button: "Log in",
    other: ["New here? ", h("a", { href: "#/signup" }, "Create an account")],
    submit: logIn,
  });
}

/** `#/signup`: makes the account, then logs in with it. */
export function signupPage(main) {
  authForm(main, {
    title: "Create your account",
    button: "Sign up",
    other: ["Have an account? ", h("a", { href: "#/login" }, "Log in instead")],
    submit: async (username, password) => {
      await post("/v1/accounts", { username, password });
      await logIn(username, password);
    },
  });
}
