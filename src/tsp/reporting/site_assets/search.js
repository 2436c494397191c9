// Search, as an enhancement: the page works (and points to the lists) without it. It loads
// the site's own Pagefind index (pagefind/pagefind.js, built with the site) and nothing else.
const form = document.querySelector("form.search");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const results = document.getElementById("search-results");
const fallback = document.getElementById("search-fallback");

function text(tag, content, attrs) {
  const el = document.createElement(tag);
  el.textContent = content;
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  return el;
}

async function run(pagefind, query) {
  results.replaceChildren();
  if (!query.trim()) { status.textContent = ""; return; }
  const found = await pagefind.search(query);
  const data = await Promise.all(found.results.slice(0, 50).map((r) => r.data()));
  status.textContent = data.length === 1 ? "1 page found" : `${data.length} pages found`;
  for (const page of data) {
    const li = document.createElement("li");
    const link = text("a", page.meta.title || page.url, { href: page.url });
    const excerpt = document.createElement("p");
    // Pagefind's excerpt marks the words found with <mark>; take the text only.
    excerpt.textContent = new DOMParser().parseFromString(page.excerpt, "text/html").body.textContent;
    li.append(link, excerpt);
    results.append(li);
  }
}

(async () => {
  let pagefind;
  try {
    pagefind = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
  } catch (e) {
    return; // no index: the fallback stays
  }
  await pagefind.options({ baseUrl: new URL("../", import.meta.url).pathname });
  fallback.hidden = true;
  const query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(pagefind, input.value);
  });
  run(pagefind, query);
})();
