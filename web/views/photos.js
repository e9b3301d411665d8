// Photos: the card shown in feeds, hashtag pages and explore; a photo's own page with its comments.

import { del, get, pager, path, post, session } from "../api.js";
import { placeholder } from "../blurhash.js";
import { act, errorBox, h, infiniteList, plural, replace, richText, userLink, when } from "../ui.js";

const VARIANTS = ["thumb", "medium", "large"];

/** The photo itself: its blurhash painted at once, the image (srcset over the variants) lazily over it. */
export function picture(photo, sizes = "(min-width: 640px) 600px, 100vw") {
  const large = photo.media.large;
  const aspect = large.width / large.height;
  const frame = h("div", { className: "picture" });
  frame.style.aspectRatio = `${large.width} / ${large.height}`;
  const image = h("img", {
    src: photo.media.medium.url,
    srcset: VARIANTS.map((name) => `${photo.media[name].url} ${photo.media[name].width}w`).join(", "),
    sizes,
    width: large.width,
    height: large.height,
    alt: photo.alt_text || `Photo by @${photo.owner.username}`,
    loading: "lazy",
    decoding: "async",
  });
  image.addEventListener("load", () => frame.classList.add("loaded"));
  frame.append(placeholder(photo.blurhash, aspect), image);
  return frame;
}

/** The Like / Unlike button and the count beside it. */
function likeControl(photo, box) {
  const count = h("span", { className: "count" });
  const button = h("button", { type: "button", className: "like" });
  const show = () => {
    button.textContent = photo.liked_by_me ? "Unlike" : "Like";
    button.setAttribute("aria-pressed", String(photo.liked_by_me));
    count.textContent = plural(photo.like_count, "like");
  };
  button.addEventListener("click", () =>
    act(button, box, async () => {
      const liking = !photo.liked_by_me;
      await (liking ? post : del)(path`/v1/photos/${photo.id}/like`);
      photo.liked_by_me = liking;
      photo.like_count += liking ? 1 : -1;
      show();
    })
  );
  show();
  return session.token ? [button, count] : [count];
}

/** A photo as an article: owner, picture, likes, caption, link to its comments (and why it is shown). */
function photoCard(photo) {
  const box = errorBox();
  const comments = plural(photo.comment_count, "comment");
  return h(
    "li",
    {},
    h(
      "article",
      { className: "photo", "aria-label": `Photo by @${photo.owner.username}` },
      h("header", {}, userLink(photo.owner), " · ", h("a", { href: `#/p/${photo.id}` }, when(photo.created_at))),
      photo.reason ? h("p", { className: "reason" }, photo.reason) : null,
      picture(photo),
      h("div", { className: "actions" }, likeControl(photo, box), h("a", { href: `#/p/${photo.id}` }, comments)),
      box,
      photo.caption ? h("p", { className: "caption" }, userLink(photo.owner), " ", richText(photo.caption)) : null
    )
  );
}

/** A list of photo cards filled by infinite scroll from `listPath`. */
export function photoFeed(main, listPath, empty) {
  const box = errorBox();
  const list = h("ul", { className: "feed" });
  main.append(box, list);
  return infiniteList(list, pager(listPath, 6), photoCard, box, empty);
}

/** One comment, with Reply and (mine, or on my photo) Delete. */
function commentItem(comment, photo, form) {
  const me = session.user;
  const box = errorBox();
  const item = h("li", {
    className: comment.reply_to ? "comment reply" : "comment",
    id: `comment-${comment.id}`,
    "data-thread": comment.reply_to || comment.id,
  });
  const reply = h("button", { type: "button", className: "link" }, "Reply");
  reply.addEventListener("click", () => form.replyTo(comment));
  const removable = me && (me.id === comment.author.id || me.id === photo.owner.id);
  const remove = removable ? h("button", { type: "button", className: "link" }, "Delete") : null;
  remove?.addEventListener("click", () =>
    act(remove, box, async () => {
      await del(path`/v1/comments/${comment.id}`);
      item.remove();
    })
  );
  item.append(
    h("p", {}, userLink(comment.author), " ", richText(comment.text)),
    h("p", { className: "meta" }, when(comment.created_at), me ? reply : null, remove),
    box
  );
  return item;
}

/** The comment form: `Comment` and `Post`, replying to a thread when Reply was pressed. */
function commentForm(photo, onPosted) {
  const box = errorBox();
  const field = h("textarea", { id: "comment-text", name: "text", rows: 2, maxlength: 2200, required: true });
  const replying = h("p", { className: "meta", hidden: true });
  const button = h("button", { type: "submit" }, "Post");
  let replyTo = null;
  const form = h(
    "form",
    { className: "comment-form" },
    h("label", { for: "comment-text" }, "Comment"),
    replying,
    field,
    button,
    box
  );
  form.replyTo = (comment) => {
    replyTo = comment.reply_to || comment.id; // replies join the thread of the opening comment
    replying.textContent = `Replying to @${comment.author.username}`;
    replying.hidden = false;
    field.value = `@${comment.author.username} `;
    field.focus();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    act(button, box, async () => {
      const body = { text: field.value, ...(replyTo ? { reply_to: replyTo } : {}) };
      onPosted(await post(path`/v1/photos/${photo.id}/comments`, body));
      field.value = "";
      replyTo = null;
      replying.hidden = true;
    });
  });
  return form;
}

/** `#/p/{id}`: the photo, its comments (threads with their replies), and a form to comment. */
export async function photoPage(main, id) {
  const photo = await get(path`/v1/photos/${id}`);
  const list = h("ul", { className: "comments" });
  const form = session.token
    ? commentForm(photo, (comment) => {
        const thread = list.querySelectorAll(`[data-thread="${comment.reply_to}"]`);
        const item = commentItem(comment, photo, form);
        if (thread.length) thread[thread.length - 1].after(item); // a reply goes to the end of its thread
        else list.append(item);
      })
    : h("p", {}, h("a", { href: "#/login" }, "Log in"), " to comment.");
  const card = photoCard(photo).firstChild;
  if (session.user?.id === photo.owner.id) card.append(deleteButton(photo));
  replace(main, h("h1", { className: "visually-hidden" }, `Photo by @${photo.owner.username}`), card, h("h2", {}, "Comments"), list, form);
  const comments = [];
  const pages = pager(path`/v1/photos/${id}/comments`, 100);
  do comments.push(...(await pages.next())); while (!pages.done);
  list.append(...threaded(comments).map((comment) => commentItem(comment, photo, form)));
}

/** Comments (oldest first) as threads: each opening comment followed by its replies. */
function threaded(comments) {
  const threads = new Map();
  for (const comment of comments) {
    const thread = comment.reply_to || comment.id;
    threads.set(thread, [...(threads.get(thread) || []), comment]);
  }
  return [...threads.values()].flat();
}

function deleteButton(photo) {
  const box = errorBox();
  const button = h("button", { type: "button", className: "danger" }, "Delete photo");
  button.addEventListener("click", () => {
    if (!confirm("Delete this photo for good?")) return;
    act(button, box, async () => {
      await del(path`/v1/photos/${photo.id}`);
      location.hash = `#/u/${photo.owner.username}`;
    });
  });
  return h("div", {}, button, box);
}
