// Small DOM helpers shared by the views: building elements, showing errors, running actions.

import { ApiError } from "./api.js";

/** An element: `h("a", { href: "#/" }, "Home")`; attributes starting with "on" become listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "className") element.className = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((child) => child != null && child !== false));
  return element;
}

/** Show `error` (an ApiError or any Error) in `box`, a role="alert" element; `null` clears it. */
export function showError(box, error) {
  box.textContent = error == null ? "" : error instanceof ApiError ? error.explanation : error.message;
  box.hidden = error == null;
}

/** An empty error box, announced to screen readers when it is filled. */
export const errorBox = () => h("p", { className: "error", role: "alert", hidden: true });

/**
 * Run `action` for a button: disabled while it runs, errors shown in `box`.
 * Returns whatever the action returned, or undefined when it failed.
 */
export async function act(button, box, action) {
  button.disabled = true;
  showError(box, null);
  try {
    return await action();
  } catch (error) {
    showError(box, error);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/** "1 like", "2 likes". */
export const plural = (count, word) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** Replace the contents of `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren(...children.flat().filter((child) => child != null));
}

/** A link to a profile. */
export const userLink = (user) => h("a", { href: `#/u/${encodeURIComponent(user.username)}` }, `@${user.username}`);

/** Text with #hashtags and @mentions turned into links. */
export function richText(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/([#@])([\p{L}\p{N}_.]+)/gu)) {
    parts.push(text.slice(last, match.index));
    const [whole, sign, name] = match;
    const href = sign === "#" ? `#/tags/${encodeURIComponent(name.toLowerCase())}` : `#/u/${encodeURIComponent(name.toLowerCase())}`;
    parts.push(h("a", { href }, whole));
    last = match.index + whole.length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** "3 minutes ago"-style time, with the exact instant in <time datetime>. */
export function when(iso) {
  const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  const steps = [[60, "second"], [60, "minute"], [24, "hour"], [7, "day"], [Infinity, "week"]];
  let amount = seconds;
  for (const [size, unit] of steps) {
    if (amount < size) {
      const n = Math.floor(amount);
      return h("time", { datetime: iso, title: iso }, n === 0 && unit === "second" ? "just now" : `${plural(n, unit)} ago`);
    }
    amount /= size;
  }
  return h("time", { datetime: iso }, iso);
}

/**
 * Fill `list` page after page from `pages` (api.js pager) as its end scrolls into view.
 * `render` makes one item's element. Errors show in `box`; an empty first page shows `empty`.
 */
export function infiniteList(list, pages, render, box, empty) {
  const sentinel = h("div", { className: "sentinel", "aria-hidden": "true" });
  list.after(sentinel);
  let loading = false;
  let first = true;
  async function more() {
    if (loading || pages.done) return;
    loading = true;
    try {
      const items = await pages.next();
      list.append(...items.map(render));
      if (first && items.length === 0 && empty) list.append(h("li", { className: "empty" }, empty));
      first = false;
    } catch (error) {
      showError(box, error);
      observer.disconnect(); // a refusal (403, 429...) is shown once, not asked again and again
      return;
    } finally {
      loading = false;
    }
    if (pages.done || !sentinel.isConnected) observer.disconnect(); // the end, or the person went to another page
    else if (sentinel.getBoundingClientRect().top < window.innerHeight + 600) more(); // the page is still short
  }
  const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && more(), {
    rootMargin: "600px",
  });
  observer.observe(sentinel);
  return more();
}
