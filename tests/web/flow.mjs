// The web client in a real browser: Debian's Chromium driven by playwright-core against a running server.
//
//   node tests/web/flow.mjs <base_url> <artifacts_dir> <jpeg_path>
//
// Two people sign up; the second goes private; the first asks to follow and is approved; the second
// posts a photo with a caption and alt text; the first sees it in the feed (a second page by scrolling),
// likes it, comments and deletes a comment of hers; the owner replies;
// a search finds the other; a blocked person sees a 404 page. axe-core checks every page it visits
// (no serious or critical violation), and the console must stay free of errors (a CSP refusal among
// them). Screenshots of the feed, a profile and the upload form, at phone and desktop sizes, go to
// <artifacts_dir>. Exits 0 when every step passed, 1 with what failed otherwise.

import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const [baseUrl, artifacts, jpeg] = process.argv.slice(2);
if (!baseUrl || !artifacts || !jpeg) {
  console.error("usage: node tests/web/flow.mjs <base_url> <artifacts_dir> <jpeg_path>");
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
const TIMEOUT = 10_000;
const suffix = Date.now().toString(36).slice(-5);
const ann = { username: `ann_${suffix}`, password: "ann's long password" };
const bob = { username: `bob_${suffix}`, password: "bob's long password" };
const CAPTION = "Evening by the lake #sunset";
const ALT = "An orange sun setting over a calm lake";
const COMMENT = "What a view!";
const BOB_NAME = "Bob Marsh";
const BOB_BIO = "Lakes, mostly.";
const carol = `carol_${suffix}`;
const dan = `dan_${suffix}`;
const CAROL_ALT = "A red kite over a field";
const RETRY = /try again in \d+ seconds?/i;
const EARLIER_PHOTOS = 7; // the feed's pages hold 6

const problems = [];

function step(name) {
  console.log(`- ${name}`);
}

/** Run axe-core in the page; serious and critical violations are problems. */
async function accessible(page, where) {
  await page.evaluate(AXE_SOURCE); // evaluated over CDP: the page's own CSP stays as strict as served
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  for (const violation of result.violations) {
    if (violation.impact === "serious" || violation.impact === "critical") {
      const targets = violation.nodes.map((node) => node.target.join(" ")).join(", ");
      problems.push(`axe on ${where}: ${violation.impact} ${violation.id} (${violation.help}) at ${targets}`);
    }
  }
}

/** Screenshots of the page as it is, at both sizes. */
async function screenshots(page, name, ready) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await ready();
    await page.screenshot({ path: path.join(artifacts, `${name}-${size}.png`), fullPage: false });
  }
  await page.setViewportSize(SIZES.phone);
}

async function person(browser, who) {
  const context = await browser.newContext({ viewport: SIZES.phone });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("console", (message) => {
    // A refused request (401, 404...) is logged by the browser too: the flow expects some of those.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(`console error for ${who.username}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error for ${who.username}: ${error.message}`));
  page.on("dialog", (dialog) => dialog.accept());
  page.apiCalls = (fragment) => calls.filter((url) => url.includes(fragment)).length;
  const calls = [];
  page.on("request", (request) => calls.push(request.url()));
  return page;
}

async function signUp(page, who) {
  await page.goto(`${baseUrl}/#/signup`);
  await accessible(page, "sign up");
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.getByRole("link", { name: "Home" }).waitFor();
}

/** A call to the API from the test itself, for the people who only set the scene. */
async function api(method, route, body, token) {
  const headers = { ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  if (body && !(body instanceof FormData)) headers["Content-Type"] = "application/json";
  const response = await fetch(`${baseUrl}${route}`, { method, headers, body: body instanceof FormData ? body : body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** Sign up and log in through the API; the token. */
async function apiPerson(username) {
  const password = `${username}'s long password`;
  await api("POST", "/v1/accounts", { username, password });
  return (await api("POST", "/v1/sessions", { username, password })).token;
}

async function apiPhoto(token, altText) {
  const form = new FormData();
  form.append("image", new Blob([readFileSync(jpeg)], { type: "image/jpeg" }), "photo.jpg");
  form.append("alt_text", altText);
  return api("POST", "/v1/photos", form, token);
}

async function expectText(locator) {
  await locator.waitFor({ state: "visible" });
}

async function flow(browser) {
  const first = await person(browser, ann);
  const second = await person(browser, bob);

  step("both sign up; a wrong password is refused in words");
  await signUp(first, ann);
  await signUp(second, bob);
  await first.getByRole("button", { name: "Log out" }).click();
  await first.getByLabel("Username").fill(ann.username);
  await first.getByLabel("Password").fill("not the password");
  await first.getByRole("button", { name: "Log in" }).click();
  await expectText(first.getByRole("alert").filter({ hasText: /./ }));
  await accessible(first, "log in (with an error)");
  step("too many failed logins: the 429 says when to try again");
  await first.getByLabel("Username").fill(`nobody_${suffix}`);
  for (let attempt = 0; attempt < 6; attempt++) {
    await first.getByRole("button", { name: "Log in" }).click();
    await first.getByRole("button", { name: "Log in" }).and(first.locator(":enabled")).waitFor();
    if (RETRY.test(await first.getByRole("alert").first().textContent())) break;
  }
  await expectText(first.getByRole("alert").filter({ hasText: RETRY }));
  await first.getByLabel("Username").fill(ann.username);
  await first.getByLabel("Password").fill(ann.password);
  await first.getByRole("button", { name: "Log in" }).click();
  await first.getByRole("link", { name: "Home" }).waitFor();

  step(`${bob.username} names himself and goes private`);
  await second.getByRole("link", { name: "Settings" }).click();
  await second.getByLabel("Display name").fill(BOB_NAME);
  await second.getByLabel("Bio").fill(BOB_BIO);
  await second.getByLabel("Private account").check();
  await second.getByRole("button", { name: "Save" }).click();
  await expectText(second.getByText("Saved."));
  await accessible(second, "settings");

  step(`${ann.username} asks to follow and sees the account is private`);
  await first.goto(`${baseUrl}/#/u/${bob.username}`);
  const grid = `/v1/users/${bob.username}/photos`;
  await expectText(first.getByText("This account is private"));
  const before = first.apiCalls(grid);
  await first.getByRole("button", { name: "Follow" }).click();
  await expectText(first.getByRole("button", { name: "Requested" }));
  await expectText(first.getByText("This account is private"));
  await first.waitForTimeout(500);
  const asked = first.apiCalls(grid) - before; // the profile is shown afresh after Follow
  if (asked !== 1) problems.push(`a refused grid is asked for once, not ${asked} times`);

  step(`through the API: ${carol} (public) posts a photo and ${bob.username} follows her; ${dan} asks to follow ${bob.username}`);
  const bobToken = await second.evaluate(() => sessionStorage.getItem("instagraph.token"));
  const carolToken = await apiPerson(carol);
  await apiPhoto(carolToken, CAROL_ALT);
  await api("POST", `/v1/users/${carol}/follow`, undefined, bobToken);
  await api("POST", `/v1/users/${bob.username}/follow`, undefined, await apiPerson(dan));

  step(`${bob.username} approves ${ann.username} and denies ${dan}`);
  await second.getByRole("link", { name: "Notifications" }).click();
  await expectText(second.getByText(`@${ann.username} asked to follow you`));
  await accessible(second, "notifications");
  await second.goto(`${baseUrl}/#/requests`);
  const request = (who) => second.getByRole("listitem").filter({ hasText: `@${who}` });
  await accessible(second, "follow requests");
  await request(ann.username).getByRole("button", { name: "Approve" }).click();
  await expectText(second.getByText("now follows you"));
  await request(dan).getByRole("button", { name: "Deny" }).click();
  await expectText(second.getByText("request was denied"));

  step(`${bob.username} has ${EARLIER_PHOTOS} earlier photos (posted through the API), more than a page of the feed`);
  for (let i = 0; i < EARLIER_PHOTOS; i++) await apiPhoto(bobToken, `Earlier photo ${i + 1}`);

  step(`${bob.username} is told in words why a file that is no image is refused`);
  await second.getByRole("link", { name: "New photo" }).click();
  await second.getByLabel("Photo", { exact: true }).setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not an image") });
  await second.getByRole("button", { name: "Post" }).click();
  await expectText(second.getByRole("alert").filter({ hasText: /./ }));

  step(`${bob.username} posts a photo with a caption and alt text`);
  await second.getByLabel("Photo", { exact: true }).setInputFiles(jpeg);
  await second.getByLabel("Caption").fill(CAPTION);
  await second.getByLabel("Alt text").fill(ALT);
  await expectText(second.getByRole("img", { name: ALT }));
  await accessible(second, "upload form");
  await screenshots(second, "upload", async () => {});
  await second.getByRole("button", { name: "Post" }).click();
  await second.waitForURL(/#\/p\/\d+$/);
  await expectText(second.getByText("Evening by the lake"));

  step(`${ann.username} sees it in the feed, likes it and comments`);
  const feedPages = []; // the query of every feed request from here on: the client must ask page by page
  first.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname === "/v1/feed") feedPages.push(url.searchParams);
  });
  await first.getByRole("link", { name: "Home" }).click();
  const card = first.getByRole("article", { name: `Photo by @${bob.username}` }).filter({ has: first.getByRole("img", { name: ALT }) });
  const image = card.getByRole("img", { name: ALT });
  await expectText(image);
  await first.waitForFunction((alt) => [...document.images].some((img) => img.alt === alt && img.complete && img.naturalWidth > 0), ALT);
  const srcset = await image.getAttribute("srcset");
  if ((srcset.match(/\d+w/g) || []).length !== 3) problems.push(`the feed's srcset names three variants: ${srcset}`);
  if ((await image.getAttribute("loading")) !== "lazy") problems.push("the feed's images load lazily");
  const painted = await card.locator("canvas.blurhash").evaluate((canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    return data.some((value, index) => index % 4 === 3 && value === 255);
  });
  if (!painted) problems.push("the feed paints a blurhash placeholder");
  await accessible(first, "feed");
  const cards = first.getByRole("article");
  await cards.last().scrollIntoViewIfNeeded();
  await first.getByRole("img", { name: "Earlier photo 1", exact: true }).waitFor({ state: "attached" }); // the oldest, on a later page
  // How many cards show before a scroll depends on how fast pages arrive (a short page asks for the next at
  // once), so the requests say whether the feed is paged: a first page of 6, then pages after a cursor.
  const [firstPage, ...laterPages] = feedPages;
  if (!firstPage || firstPage.get("limit") !== "6" || firstPage.has("cursor")) {
    problems.push(`the feed's first request asks for a first page of 6: ${firstPage}`);
  }
  if (!laterPages.some((page) => page.has("cursor"))) problems.push("the feed never asked for the page after a cursor");
  await first.evaluate(() => window.scrollTo(0, 0));
  await screenshots(first, "feed", () => expectText(image));
  await card.getByRole("button", { name: "Like" }).focus();
  await first.keyboard.press("Enter"); // keyboard use: a focused control works with Enter
  await expectText(card.getByRole("button", { name: "Unlike" }));
  await expectText(card.getByText("1 like"));
  await card.getByRole("link", { name: "0 comments" }).click();
  await first.getByLabel("Comment").fill(COMMENT);
  await first.getByRole("button", { name: "Post" }).click();
  await expectText(first.locator(".comments").getByText(COMMENT));
  await first.getByLabel("Comment").fill("a typo");
  await first.getByRole("button", { name: "Post" }).click();
  const typo = first.locator(".comment").filter({ hasText: "a typo" });
  await typo.getByRole("button", { name: "Delete" }).click();
  await typo.waitFor({ state: "detached" });
  await accessible(first, "photo page");

  step(`${bob.username} sees the like and the comment, and replies`);
  await second.getByRole("link", { name: "Notifications" }).click();
  await expectText(second.getByText("commented on your photo"));
  await expectText(second.getByText("liked your photo"));
  await second.getByRole("link", { name: "the photo" }).first().click();
  await second.getByRole("button", { name: "Reply" }).click();
  await second.getByLabel("Comment").pressSequentially("thanks!");
  await second.getByRole("button", { name: "Post" }).click();
  await expectText(second.locator(".comment.reply").getByText("thanks!"));

  step(`a search by ${ann.username} finds ${bob.username}`);
  await first.getByLabel("Search").fill(bob.username.slice(0, 6));
  await first.locator("#search-results").getByRole("link", { name: `@${bob.username}` }).click();
  await expectText(first.getByRole("heading", { name: BOB_NAME }));
  await expectText(first.getByText(BOB_BIO));
  await expectText(first.getByRole("button", { name: "Unfollow" }));
  await accessible(first, "profile (someone else's)");
  await screenshots(first, "profile", () => expectText(first.getByRole("list", { name: "Photos" }).getByRole("img", { name: ALT })));

  step(`explore suggests ${carol} (with the reason) and shows her photo; the hashtag page answers`);
  await first.getByRole("link", { name: "Explore" }).click();
  const suggestion = first.getByRole("listitem").filter({ hasText: `@${carol}` }).filter({ has: first.getByRole("button") });
  await expectText(suggestion.getByText(`Followed by ${bob.username}`));
  await expectText(first.getByRole("img", { name: CAROL_ALT }));
  await accessible(first, "explore");
  await suggestion.getByRole("button", { name: "Follow" }).click();
  await expectText(suggestion.getByRole("button", { name: "Following" }));
  await first.goto(`${baseUrl}/#/tags/sunset`);
  await expectText(first.getByRole("heading", { name: "#sunset" }));
  await expectText(first.getByRole("img", { name: ALT }));

  step(`${bob.username} blocks ${ann.username}, who then sees a 404 page`);
  await second.goto(`${baseUrl}/#/u/${ann.username}`);
  await second.getByRole("button", { name: "Block" }).click();
  await expectText(second.getByRole("button", { name: "Unblock" }));
  await first.goto(`${baseUrl}/#/u/${bob.username}`);
  await expectText(first.getByRole("heading", { name: "Page not found" }));
  await accessible(first, "404 page");

  step("log out ends the session");
  const token = await first.evaluate(() => sessionStorage.getItem("instagraph.token"));
  await first.getByRole("button", { name: "Log out" }).click();
  await first.getByRole("button", { name: "Log in" }).waitFor();
  const after = await fetch(`${baseUrl}/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  if (after.status !== 401) problems.push(`after Log out the old token answers ${after.status}, not 401`);
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  await flow(browser);
} catch (error) {
  problems.push(`the flow stopped: ${error.stack || error}`);
  for (const [index, context] of browser.contexts().entries()) {
    for (const page of context.pages()) await page.screenshot({ path: path.join(artifacts, `failure-${index}.png`) });
  }
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("the web client works");
