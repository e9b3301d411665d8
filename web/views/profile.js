// `#/u/{username}`: a profile card (counts, follow state, block) and the grid of photos, three wide.

import { del, get, pager, path, post, session } from "../api.js";
import { act, errorBox, h, infiniteList, plural, replace, showError } from "../ui.js";
import { picture } from "./photos.js";

/** The follow button's label for a relationship: Follow, Unfollow, or Requested (pressing it withdraws). */
const followLabel = (relationship) => (relationship.following ? "Unfollow" : relationship.requested ? "Requested" : "Follow");

function followButton(user, box, onChange) {
  const button = h("button", { type: "button" }, followLabel(user.relationship));
  button.addEventListener("click", () =>
    act(button, box, async () => {
      const relationship = user.relationship;
      if (relationship.following || relationship.requested) {
        await del(path`/v1/users/${user.username}/follow`);
        Object.assign(relationship, { following: false, requested: false });
      } else {
        const { state } = await post(path`/v1/users/${user.username}/follow`);
        Object.assign(relationship, { following: state === "following", requested: state === "requested" });
      }
      onChange();
    })
  );
  return button;
}

function blockButton(user, box, onChange) {
  const blocking = user.relationship.blocking;
  const button = h("button", { type: "button", className: "danger" }, blocking ? "Unblock" : "Block");
  button.addEventListener("click", () => {
    if (!blocking && !confirm(`Block @${user.username}? You will no longer see each other.`)) return;
    act(button, box, async () => {
      await (blocking ? del : post)(path`/v1/users/${user.username}/block`);
      onChange();
    });
  });
  return button;
}

function counts(user) {
  const { photos, followers, following } = user.counts;
  const item = (n, label) => h("li", {}, h("strong", {}, String(n)), ` ${label}`);
  const word = (n, one) => plural(n, one).slice(String(n).length + 1); // "photo" or "photos"
  return h("ul", { className: "counts" }, item(photos, word(photos, "photo")), item(followers, word(followers, "follower")), item(following, "following"));
}

function gridItem(photo) {
  return h("li", {}, h("a", { href: `#/p/${photo.id}` }, picture(photo, "(min-width: 640px) 200px, 33vw")));
}

export async function profilePage(main, username) {
  const user = await get(path`/v1/users/${username}`);
  const box = errorBox();
  const refresh = () => profilePage(main, username).catch((error) => showError(box, error));
  const mine = session.user?.id === user.id;
  const controls = mine
    ? [h("a", { href: "#/settings", className: "button" }, "Edit profile"), h("a", { href: "#/requests", className: "button" }, "Follow requests")]
    : session.token
      ? [followButton(user, box, refresh), blockButton(user, box, refresh)]
      : [];
  const header = h(
    "header",
    { className: "card profile" },
    h("h1", {}, user.display_name || user.username),
    h("p", { className: "handle" }, `@${user.username}`, user.private ? " · private" : ""),
    user.bio ? h("p", {}, user.bio) : null,
    counts(user),
    user.relationship?.followed_by ? h("p", { className: "meta" }, "Follows you") : null,
    h("div", { className: "controls" }, controls),
    box
  );
  const grid = h("ul", { className: "grid", "aria-label": "Photos" });
  replace(main, header, h("h2", { className: "visually-hidden" }, "Photos"), grid);
  const gridBox = errorBox();
  grid.before(gridBox);
  await infiniteList(grid, pager(path`/v1/users/${username}/photos`, 12), gridItem, gridBox, "No photos yet.");
}

