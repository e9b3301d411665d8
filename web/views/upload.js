// `#/upload`: choose a photo, see it, write a caption and alt text, post it with a progress bar.

import { uploadPhoto } from "../api.js";
import { act, errorBox, h, replace } from "../ui.js";

export function uploadPage(main) {
  const box = errorBox();
  const preview = h("img", { className: "preview", alt: "", hidden: true });
  const progress = h("progress", { max: 1, value: 0, hidden: true, "aria-label": "Upload progress" });
  const button = h("button", { type: "submit" }, "Post");
  const form = h(
    "form",
    { className: "card upload" },
    h("h1", {}, "New photo"),
    h("label", { for: "image" }, "Photo"),
    h("input", { id: "image", name: "image", type: "file", accept: "image/jpeg,image/png,image/webp", required: true }),
    preview,
    h("label", { for: "caption" }, "Caption"),
    h("textarea", { id: "caption", name: "caption", rows: 3, maxlength: 2200 }),
    h("label", { for: "alt_text" }, "Alt text"),
    h("input", { id: "alt_text", name: "alt_text", maxlength: 1000, "aria-describedby": "alt-help" }),
    h("p", { id: "alt-help", className: "help" }, "Describe the photo for people who cannot see it."),
    progress,
    button,
    box
  );
  form.elements.image.addEventListener("change", () => {
    const [file] = form.elements.image.files;
    if (preview.src) URL.revokeObjectURL(preview.src);
    preview.hidden = !file;
    if (file) preview.src = URL.createObjectURL(file);
  });
  form.elements.alt_text.addEventListener("input", () => { preview.alt = form.elements.alt_text.value; });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    progress.hidden = false;
    progress.value = 0;
    act(button, box, async () => {
      const photo = await uploadPhoto(new FormData(form), (fraction) => { progress.value = fraction; });
      location.hash = `#/p/${photo.id}`;
    }).finally(() => { progress.hidden = true; });
  });
  replace(main, form);
}
