// My own pages: notifications, follow requests, settings.

import { del, get, pager, patch, path, post, session } from "../api.js";
import { act, errorBox, h, infiniteList, replace, userLink, when } from "../ui.js";

const WHAT = {
  like: (n) => (n.comment ? "liked your comment" : "liked your photo"),
  comment: () => "commented on your photo",
  mention: () => "mentioned you",
  follow: () => "started following you",
  follow_request: () => "asked to follow you",
  follow_approved: () => "approved your follow request",
};

function notificationItem(notification) {
  const what = (WHAT[notification.type] || (() => notification.type))(notification);
  const target = notification.photo ? h("a", { href: `#/p/${notification.photo.id}` }, "the photo") : null;
  const link = notification.type === "follow_request" ? h("a", { href: "#/requests" }, "Review requests") : target;
  return h(
    "li",
    { className: "notification" },
    h("p", {}, userLink(notification.actor), ` ${what}`, notification.comment ? `: “${notification.comment.text}”` : "", link ? " · " : "", link),
    h("p", { className: "meta" }, when(notification.created_at))
  );
}

/** `#/notifications`. */
export async function notificationsPage(main) {
  const box = errorBox();
  const list = h("ul", { className: "notifications" });
  replace(main, h("h1", {}, "Notifications"), box, list);
  await infiniteList(list, pager("/v1/me/notifications", 20), notificationItem, box, "Nothing yet.");
}

function requestItem(user) {
  const box = errorBox();
  const item = h("li", { className: "person" });
  const approve = h("button", { type: "button" }, "Approve");
  const deny = h("button", { type: "button", className: "secondary" }, "Deny");
  const answer = (button, verb, done) =>
    button.addEventListener("click", () =>
      act(button, box, async () => {
        await post(path`/v1/me/follow-requests/${user.username}/${verb}`);
        replace(item, h("p", {}, userLink(user), done));
      })
    );
  answer(approve, "approve", " now follows you.");
  answer(deny, "deny", "'s request was denied.");
  item.append(userLink(user), h("div", { className: "controls" }, approve, deny), box);
  return item;
}

/** `#/requests`: pending follow requests, oldest first, to approve or deny. */
export async function requestsPage(main) {
  const box = errorBox();
  const list = h("ul", { className: "people" });
  replace(main, h("h1", {}, "Follow requests"), box, list);
  await infiniteList(list, pager("/v1/me/follow-requests", 20), requestItem, box, "No pending requests.");
}

/** `#/settings`: display name, bio, private account; and leaving. */
export async function settingsPage(main) {
  const me = await get("/v1/me");
  const box = errorBox();
  const saved = h("p", { role: "status", className: "meta" });
  const button = h("button", { type: "submit" }, "Save");
  const form = h(
    "form",
    { className: "card settings" },
    h("h1", {}, "Settings"),
    h("label", { for: "display_name" }, "Display name"),
    h("input", { id: "display_name", name: "display_name", value: me.display_name || "", maxlength: 64 }),
    h("label", { for: "bio" }, "Bio"),
    h("textarea", { id: "bio", name: "bio", rows: 3, maxlength: 150 }, me.bio || ""),
    h("div", { className: "check" },
      h("input", { id: "private", name: "private", type: "checkbox", checked: me.private }),
      h("label", { for: "private" }, "Private account"),
    ),
    h("p", { className: "help" }, "Only people you approve see a private account's photos."),
    button,
    saved,
    box
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saved.textContent = "";
    act(button, box, async () => {
      const user = await patch("/v1/me", {
        display_name: form.elements.display_name.value,
        bio: form.elements.bio.value,
        private: form.elements.private.checked,
      });
      session.save(session.token, user);
      saved.textContent = "Saved.";
    });
  });
  replace(main, form);
}

/** The Log out button: ends the session on the server, then forgets the token. */
export async function logOut() {
  try {
    await del("/v1/sessions/current");
  } finally {
    session.clear();
    location.hash = "#/login";
  }
}
