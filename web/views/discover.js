// Finding people and photos: explore (with suggestions and their reasons), hashtag pages, search as you type.

import { get, pager, path, post } from "../api.js";
import { act, errorBox, h, plural, replace, showError, userLink } from "../ui.js";
import { photoFeed } from "./photos.js";

function suggestionItem({ user, reason }) {
  const box = errorBox();
  const button = h("button", { type: "button" }, "Follow");
  button.addEventListener("click", async () => {
    const answer = await act(button, box, () => post(path`/v1/users/${user.username}/follow`));
    if (answer) {
      button.textContent = answer.state === "requested" ? "Requested" : "Following";
      button.disabled = true;
    }
  });
  return h("li", { className: "person" }, h("div", {}, userLink(user), h("p", { className: "reason" }, reason)), button, box);
}

/** `#/explore`: people I may know, then photos from accounts I don't follow, each with its reason. */
export async function explorePage(main) {
  const suggestions = h("ul", { className: "people" });
  const box = errorBox();
  replace(main, h("h1", {}, "Explore"), h("h2", {}, "Suggested for you"), box, suggestions, h("h2", {}, "Photos"));
  const feed = photoFeed(main, "/v1/explore", "Nothing to explore yet.");
  try {
    const items = await pager("/v1/me/suggestions", 5).next();
    suggestions.append(...(items.length ? items.map(suggestionItem) : [h("li", { className: "empty" }, "No suggestions yet.")]));
  } catch (error) {
    showError(box, error);
  }
  await feed;
}

/** `#/tags/{name}`: a hashtag's count and its photos. */
export async function hashtagPage(main, name) {
  const tag = await get(path`/v1/hashtags/${name}`);
  replace(main, h("h1", {}, `#${tag.name}`), h("p", { className: "meta" }, plural(tag.photo_count, "photo")));
  await photoFeed(main, path`/v1/hashtags/${name}/photos`, "No photos you can see yet.");
}

/** The header's search field: results (people and hashtags) appear as you type. */
export function searchBox() {
  const results = h("ul", { className: "results", id: "search-results", hidden: true, "aria-live": "polite" });
  const input = h("input", { id: "search", type: "search", autocomplete: "off", "aria-controls": "search-results", placeholder: "People and #tags" });
  const box = errorBox();
  let timer = null;
  let asked = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim().replace(/^[#@]/, "");
      const ask = ++asked;
      showError(box, null);
      if (!q) {
        results.hidden = true;
        return;
      }
      try {
        const found = await get(`/v1/search?q=${encodeURIComponent(q)}&limit=8`);
        if (ask !== asked) return; // a later keystroke's answer wins
        const people = found.users.map((user) => h("li", {}, userLink(user), user.display_name ? ` ${user.display_name}` : ""));
        const tags = found.hashtags.map((tag) => h("li", {}, h("a", { href: path`#/tags/${tag.name}` }, `#${tag.name}`), ` ${plural(tag.photo_count, "photo")}`));
        replace(results, people, tags, people.length + tags.length ? null : h("li", {}, "No matches."));
        results.hidden = false;
      } catch (error) {
        showError(box, error);
      }
    }, 200);
  });
  results.addEventListener("click", (event) => {
    if (event.target.closest("a")) {
      results.hidden = true;
      input.value = "";
    }
  });
  return h("div", { className: "search", role: "search" }, h("label", { for: "search", className: "visually-hidden" }, "Search"), input, results, box);
}
