// The web client's entry: the header (navigation, search, log out) and a router on location.hash.

import { ApiError, session } from "./api.js";
import { errorBox, h, replace, showError } from "./ui.js";
import { loginPage, signupPage } from "./views/auth.js";
import { explorePage, hashtagPage, searchBox } from "./views/discover.js";
import { logOut, notificationsPage, requestsPage, settingsPage } from "./views/me.js";
import { photoFeed, photoPage } from "./views/photos.js";
import { profilePage } from "./views/profile.js";
import { uploadPage } from "./views/upload.js";

const main = document.getElementById("main");
const nav = document.getElementById("nav");

async function homePage(target) {
  replace(target, h("h1", { className: "visually-hidden" }, "Home feed"));
  await photoFeed(target, "/v1/feed", h("span", {}, "Your feed is empty: ", h("a", { href: "#/upload" }, "post a photo"), " or find people on ", h("a", { href: "#/explore" }, "Explore"), "."));
}

/** Routes: a pattern on the hash, the page it shows, and whether it needs a logged-in person. */
const ROUTES = [
  [/^#\/login$/, loginPage, false],
  [/^#\/signup$/, signupPage, false],
  [/^#\/?$/, homePage, true],
  [/^#\/upload$/, uploadPage, true],
  [/^#\/explore$/, explorePage, true],
  [/^#\/notifications$/, notificationsPage, true],
  [/^#\/requests$/, requestsPage, true],
  [/^#\/settings$/, settingsPage, true],
  [/^#\/u\/([^/]+)$/, profilePage, false],
  [/^#\/p\/([^/]+)$/, photoPage, false],
  [/^#\/tags\/([^/]+)$/, hashtagPage, false],
];

function navigation() {
  const me = session.user;
  if (!me) {
    return [h("a", { href: "#/login" }, "Log in"), h("a", { href: "#/signup" }, "Sign up")];
  }
  const logout = h("button", { type: "button", className: "link" }, "Log out");
  logout.addEventListener("click", logOut);
  return [
    h("a", { href: "#/" }, "Home"),
    h("a", { href: "#/explore" }, "Explore"),
    h("a", { href: "#/upload" }, "New photo"),
    h("a", { href: "#/notifications" }, "Notifications"),
    h("a", { href: `#/u/${encodeURIComponent(me.username)}` }, "Profile"),
    h("a", { href: "#/settings" }, "Settings"),
    logout,
  ];
}

function notFound(detail) {
  replace(main, h("section", { className: "card" }, h("h1", {}, "Page not found"), h("p", {}, detail), h("p", {}, h("a", { href: "#/" }, "Go home"))));
}

/** Show the page the hash names; an API error becomes a message (a 404 its own page). */
async function route() {
  const hash = location.hash || "#/";
  const [pattern, page, needsLogin] = ROUTES.find(([pattern]) => pattern.test(hash)) || [];
  replace(nav, navigation());
  for (const link of nav.querySelectorAll("a")) {
    if (link.getAttribute("href") === hash) link.setAttribute("aria-current", "page");
  }
  if (!page) return notFound("There is nothing at this address.");
  if (needsLogin && !session.token) {
    location.hash = "#/login";
    return;
  }
  const args = hash.match(pattern).slice(1).map(decodeURIComponent);
  replace(main, h("p", { className: "meta", role: "status" }, "Loading…"));
  try {
    await page(main, ...args);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return notFound(error.message);
    if (error instanceof ApiError && error.status === 401) {
      session.clear(); // the token ended (logged out elsewhere, password changed)
      location.hash = "#/login";
      return;
    }
    const box = errorBox();
    replace(main, h("h1", {}, "Something went wrong"), box);
    showError(box, error);
  }
  main.focus({ preventScroll: true });
}

document.getElementById("search-slot").append(searchBox());
window.addEventListener("hashchange", () => {
  window.scrollTo(0, 0);
  route();
});
route();
