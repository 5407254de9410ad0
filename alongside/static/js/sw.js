/* Alongside service worker: crisis help and the check-in work without a connection.
 *
 * - Static assets: cache first (they are versioned by deploy; refreshed in the background).
 * - Pages kept for offline use (the check-in, the crisis page, the overdose steps and the
 *   participant's own safety plan): network first, the last good copy when offline. Only
 *   responses without Cache-Control: no-store are kept; the safety plan is served no-store when
 *   its owner turned off "Keep my safety plan on this phone". The crisis pages are fetched as
 *   soon as any page is opened, so they work offline without ever having been visited.
 * - Any other page asked for offline answers with the crisis lines and links to what is kept.
 * - A check-in POST that cannot reach the server is kept in IndexedDB on the device, with
 *   the time it was made, and sent to /api/v1/checkins when the connection returns. The
 *   device's id for it (client_id) is sent as the Idempotency-Key, so a retry never doubles it.
 *   One the server refuses stays on the device, marked with the reason, until the person
 *   removes it; one that was sent leaves a short receipt (its day, no answers) until shown.
 * - Logging out clears all of it (Clear-Site-Data on the logout response).
 */
"use strict";

const VERSION = "v1";
const STATIC_CACHE = "alongside-static-" + VERSION;
const PAGE_CACHE = "alongside-pages";
const CHECKIN_PATH = "/checkin/";
const PLAN_PATH = "/safety/";
const CRISIS_PAGES = ["/crisis/", "/crisis/overdose/"];
const KEPT_PAGES = [CHECKIN_PATH, PLAN_PATH].concat(CRISIS_PAGES);
const API_PATH = "/api/v1/checkins";
const DB_NAME = "alongside-offline";
const STORE = "checkins";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE).then((cache) =>
      cache.addAll(["/static/css/alongside.css", "/static/js/app.js"]).catch(() => undefined)
    ).then(() => keepCrisisPages()).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(
      keys.filter((k) => k.startsWith("alongside-static-") && k !== STATIC_CACHE).map((k) => caches.delete(k))
    )).then(() => self.clients.claim())
  );
});

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "client_id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function withStore(mode, fn) {
  return openDb().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
    tx.onerror = () => reject(tx.error);
  }));
}

const queueAdd = (item) => withStore("readwrite", (s) => s.put(item));
const queueAll = () => withStore("readonly", (s) => s.getAll());
const queueRemove = (id) => withStore("readwrite", (s) => s.delete(id));

function many(form, name) {
  return form.getAll(name).map(String).filter((v) => v.length > 0);
}

function fromForm(form) {
  const used = String(form.get("used") || "skip");
  const triggers = many(form, "triggers");
  const other = String(form.get("other_trigger") || "").trim();
  if (other) triggers.push(other);
  const body = {
    mood: parseInt(String(form.get("mood")), 10),
    craving: parseInt(String(form.get("craving")), 10),
    sleep_quality: form.get("sleep_quality") ? parseInt(String(form.get("sleep_quality")), 10) : null,
    halt: many(form, "halt"),
    triggers: triggers,
    coping: many(form, "coping"),
    used: used === "yes" ? true : used === "no" ? false : null,
    substance: String(form.get("substance") || ""),
    amount: String(form.get("amount") || ""),
    note: String(form.get("note") || ""),
    wants_outreach: form.get("wants_outreach") === "on",
    made_at: new Date().toISOString(),
    client_id: String(form.get("client_id") || self.crypto.randomUUID()),
  };
  const day = String(form.get("local_date") || "");
  if (day) body.local_date = day;
  return { client_id: body.client_id, body: body, csrf: String(form.get("csrfmiddlewaretoken") || "") };
}

// What a page may show of the queue: pending ones are counted; refused ones keep what was written
// (so nothing is lost) with the reason; sent ones are only a receipt of the day.
function describe(item) {
  const status = item.status || "pending";
  const made = item.body ? item.body.made_at : item.made_at;
  const day = item.day || (item.body && item.body.local_date) || "";
  const out = { client_id: item.client_id, status: status, day: day, made_at: made };
  if (status === "refused") {
    out.reason = item.reason || "refused";
    out.detail = item.detail || "";
    out.mood = item.body.mood;
    out.craving = item.body.craving;
    out.note = item.body.note;
  }
  return out;
}

async function notifyClients() {
  const items = (await queueAll()).map(describe);
  const clients = await self.clients.matchAll({ type: "window" });
  const pending = items.filter((i) => i.status === "pending").length;
  clients.forEach((client) => client.postMessage({ type: "queue", pending: pending, items: items }));
}

async function refusal(response) {
  let problem = {};
  try { problem = await response.json(); } catch (err) { problem = {}; }
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  const taken = response.status === 422 && errors.some((e) => e && e.field === "local_date");
  return { reason: taken ? "taken" : "refused", detail: String(problem.detail || problem.title || "") };
}

let flushing = null;
async function flush(csrf) {
  if (flushing) return flushing;
  flushing = (async () => {
    for (const item of await queueAll()) {
      if ((item.status || "pending") !== "pending") continue;
      let response;
      try {
        response = await fetch(API_PATH, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf || item.csrf, "Idempotency-Key": item.client_id },
          body: JSON.stringify(item.body),
        });
      } catch (err) {
        break; // still offline: keep everything, try again later
      }
      const status = response.status;
      if (response.ok) {
        let stored = {};
        try { stored = await response.json(); } catch (err) { stored = {}; }
        // Only a receipt stays: the day it was for and when it was made, none of the answers.
        await queueAdd({ client_id: item.client_id, status: "sent", day: stored.local_date || item.body.local_date || "", made_at: item.body.made_at });
      } else if (status === 401 || status === 408 || status === 409 || status === 429 || status >= 500 || (status === 403 && !csrf)) {
        break; // logged out, in flight, throttled, an old form's token or server trouble: retry later
      } else {
        // Refused for good (for example a day already checked in): keep it, with the reason.
        const why = await refusal(response);
        await queueAdd(Object.assign({}, item, { status: "refused", reason: why.reason, detail: why.detail }));
      }
    }
    await notifyClients();
  })().finally(() => { flushing = null; });
  return flushing;
}

// A page the server marked no-store (the safety plan with the setting off, any private page) is
// never written to this device.
function mayKeep(response) {
  return response.ok && !response.redirected && !/no-store/i.test(response.headers.get("Cache-Control") || "");
}

async function keepPage(path, response) {
  const cache = await caches.open(PAGE_CACHE);
  if (mayKeep(response)) await cache.put(path, response.clone());
  else if (path === PLAN_PATH && response.ok && !response.redirected) await cache.delete(path);
}

async function keepCrisisPages(refresh) {
  const cache = await caches.open(PAGE_CACHE);
  await Promise.all(CRISIS_PAGES.map(async (path) => {
    if (!refresh && (await cache.match(path))) return;
    try {
      await keepPage(path, await fetch(path, { credentials: "same-origin" }));
    } catch (err) {
      // offline: keep what is there
    }
  }));
}

async function keepPlan(wanted, refresh) {
  const cache = await caches.open(PAGE_CACHE);
  if (wanted !== "keep") {
    await cache.delete(PLAN_PATH);
    return;
  }
  if (!refresh && (await cache.match(PLAN_PATH))) return;
  try {
    await keepPage(PLAN_PATH, await fetch(PLAN_PATH, { credentials: "same-origin" }));
  } catch (err) {
    // offline: nothing to do
  }
}

async function removeShown(id, statuses) {
  const item = (await queueAll()).find((i) => i.client_id === id);
  if (item && statuses.includes(item.status || "pending")) await queueRemove(id);
}

// The kept pages are in the language they were fetched in: a change of language fetches them again.
const LANG_KEY = "/__kept-language";
async function keepForOffline(lang, plan) {
  const cache = await caches.open(PAGE_CACHE);
  const marker = await cache.match(LANG_KEY);
  const changed = !!lang && (!marker || (await marker.text()) !== lang);
  await keepCrisisPages(changed);
  if (plan) await keepPlan(plan, changed);
  if (changed) await cache.put(LANG_KEY, new Response(lang));
}

const CRISIS_LINES = `<aside class="crisis-bar" aria-labelledby="crisis-bar-title"><h2 id="crisis-bar-title" class="crisis-title">Need help now?</h2><ul class="crisis-links">
<li><a href="tel:988">Call 988</a> · <a href="sms:988">Text 988</a></li><li><a href="tel:18006624357">SAMHSA Helpline 1-800-662-4357</a></li>
<li><a href="sms:741741?&amp;body=HOME">Text HOME to 741741</a></li><li><a href="tel:911">911 if you are in immediate danger</a></li></ul>
<p class="crisis-more"><a href="/crisis/overdose/">Overdose: what to do</a> · <a href="/crisis/">More ways to get help</a></p></aside>`;

function offlinePage(title, english, spanish, back) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Alongside</title><link rel="stylesheet" href="/static/css/alongside.css"></head>
<body>${CRISIS_LINES}<main id="main"><h1>${title}</h1>
<p>${english}</p>
<p lang="es">${spanish}</p>
<p>${back}</p>
</main></body></html>`;
}

const SAVED_OFFLINE_PAGE = offlinePage(
  "Saved on this device",
  "You're offline. Your check-in is saved on this phone with the time you made it, and will be sent as soon as you're back online.",
  "Sin conexión. Tu registro quedó guardado en este teléfono y se enviará cuando vuelvas a tener conexión.",
  '<a href="/checkin/">Back to check-in</a>'
);
const OFFLINE_PAGE = offlinePage(
  "You're offline",
  "This page needs a connection. The crisis lines, the overdose steps and your check-in still work on this phone.",
  "Sin conexión. Esta página necesita conexión. Las líneas de crisis, los pasos ante una sobredosis y tu registro diario funcionan sin conexión.",
  '<a href="/checkin/">Check in</a> · <a href="/safety/">My safety plan</a>'
);

function html(body, status) {
  return new Response(body, { status: status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.method === "POST" && url.pathname === CHECKIN_PATH) {
    const copy = request.clone();
    event.respondWith(fetch(request).catch(async () => {
      await queueAdd(Object.assign(fromForm(await copy.formData()), { status: "pending" }));
      await notifyClients();
      return html(SAVED_OFFLINE_PAGE, 202);
    }));
    return;
  }
  if (request.method !== "GET") return;

  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.open(STATIC_CACHE).then(async (cache) => {
      const cached = await cache.match(request);
      const network = fetch(request).then((response) => {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
      return cached || network;
    }));
    return;
  }
  if (request.mode !== "navigate") return;
  const kept = KEPT_PAGES.includes(url.pathname) && !url.search;
  event.respondWith(fetch(request).then(async (response) => {
    if (kept) await keepPage(url.pathname, response);
    return response;
  }).catch(async () => {
    const copy = kept ? await (await caches.open(PAGE_CACHE)).match(url.pathname) : undefined;
    return copy || html(OFFLINE_PAGE, 503);
  }));
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "flush") event.waitUntil(flush(data.csrf ? String(data.csrf) : ""));
  if (data.type === "keep") event.waitUntil(keepForOffline(String(data.lang || ""), String(data.plan || "")));
  if (data.type === "forget-pages") event.waitUntil(caches.delete(PAGE_CACHE));
  // Only what the person was shown may be removed: a refused check-in (their choice) or a receipt.
  if (data.type === "dismiss" && data.client_id) event.waitUntil(removeShown(String(data.client_id), ["refused", "sent"]).then(notifyClients));
  if (data.type === "dismiss-sent" && data.client_id) event.waitUntil(removeShown(String(data.client_id), ["sent"]));
});

self.addEventListener("sync", (event) => {
  if (event.tag === "alongside-checkins") event.waitUntil(flush(""));
});
