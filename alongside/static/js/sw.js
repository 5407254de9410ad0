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
 * - Each queued check-in belongs to the membership that wrote it (the page's data-viewer, never a
 *   name): it is sent only from a page of that same person and shown only to them. On a shared
 *   phone, another person's check-ins stay untouched until their owner logs in here again.
 * - The crisis button pressed with no connection is never queued (an alert must reach a person
 *   now): the answer says plainly it was not sent and gives lines to call or text.
 * - The person's own pages (check-in, safety plan) go when their session does: on logout, when
 *   a fetch of them is sent to the login page or refused, and whenever a logged-out page opens.
 *   Logging out keeps check-ins that were not sent yet (Clear-Site-Data clears only "cache").
 * - The offline pages show the crisis lines kept from the crisis page (the program's own lines);
 *   the US defaults below only when that page was never kept.
 */
"use strict";

const VERSION = "v1";
const STATIC_CACHE = "alongside-static-" + VERSION;
const PAGE_CACHE = "alongside-pages";
const CHECKIN_PATH = "/checkin/";
const PLAN_PATH = "/safety/";
const CRISIS_PAGES = ["/crisis/", "/crisis/overdose/"];
const PERSON_PAGES = [CHECKIN_PATH, PLAN_PATH];
const KEPT_PAGES = PERSON_PAGES.concat(CRISIS_PAGES);
const CRISIS_ALERT_PATH = "/alerts/crisis/";
const LINES_KEY = "/__crisis-lines";
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
  return {
    client_id: body.client_id,
    owner: String(form.get("owner") || ""),
    body: body,
    csrf: String(form.get("csrfmiddlewaretoken") || ""),
  };
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

// Only this owner's items, ever: an item with no owner, or another person's, is nobody's to see here.
async function queueOf(owner) {
  if (!owner) return [];
  return (await queueAll()).filter((item) => item.owner === owner);
}

async function notifyClients(owner) {
  const items = (await queueOf(owner)).map(describe);
  const clients = await self.clients.matchAll({ type: "window" });
  const pending = items.filter((i) => i.status === "pending").length;
  // Each page shows it only if it is that owner's page (app.js compares with its data-viewer).
  clients.forEach((client) => client.postMessage({ type: "queue", owner: owner, pending: pending, items: items }));
  return pending;
}

async function refusal(response) {
  let problem = {};
  try { problem = await response.json(); } catch (err) { problem = {}; }
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  const taken = response.status === 422 && errors.some((e) => e && e.field === "local_date");
  return { reason: taken ? "taken" : "refused", detail: String(problem.detail || problem.title || "") };
}

// Sends this owner's waiting check-ins (and no one else's) with the session of the page that asked;
// answers how many of theirs are still waiting.
const flushing = new Map();
function flush(csrf, owner) {
  if (!owner) return Promise.resolve(0);
  if (flushing.has(owner)) return flushing.get(owner);
  const run = (async () => {
    for (const item of await queueOf(owner)) {
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
        await queueAdd({ client_id: item.client_id, owner: item.owner, status: "sent", day: stored.local_date || item.body.local_date || "", made_at: item.body.made_at });
      } else if (status === 401 || status === 408 || status === 409 || status === 429 || status >= 500 || (status === 403 && !csrf)) {
        break; // logged out, in flight, throttled, an old form's token or server trouble: retry later
      } else {
        // Refused for good (for example a day already checked in): keep it, with the reason.
        const why = await refusal(response);
        await queueAdd(Object.assign({}, item, { status: "refused", reason: why.reason, detail: why.detail }));
      }
    }
    return notifyClients(owner);
  })().finally(() => { flushing.delete(owner); });
  flushing.set(owner, run);
  return run;
}

// Background sync has no page: it asks the server whose session this is, and sends only theirs.
async function flushForSession() {
  let owner = "";
  try {
    const response = await fetch("/api/v1/me", { credentials: "same-origin" });
    if (response.ok) owner = String(((await response.json()).active_membership || {}).id || "");
  } catch (err) {
    return 0; // offline: the next page or sync tries again
  }
  return flush("", owner);
}

// A page the server marked no-store (the safety plan with the setting off, any private page) is
// never written to this device.
function mayKeep(response) {
  return response.ok && !response.redirected && !/no-store/i.test(response.headers.get("Cache-Control") || "");
}

// The session behind a person's page is gone (or it is no longer theirs to see): sent to the login
// page, or refused. A server error is not that: the copy stays.
function gone(response) {
  return response.redirected || response.type === "opaqueredirect" || [401, 403, 404].includes(response.status);
}

async function keepPage(path, response) {
  const cache = await caches.open(PAGE_CACHE);
  if (mayKeep(response)) {
    await cache.put(path, response.clone());
    if (path === "/crisis/") await keepLines(response.clone());
  } else if (PERSON_PAGES.includes(path) && (gone(response) || response.ok)) {
    await cache.delete(path);
  }
}

// The crisis lines as the crisis page shows them (the program's own, in the person's language),
// kept for the offline pages.
async function keepLines(response) {
  const text = await response.text();
  const list = text.match(/<ul class="crisis-list">[\s\S]*?<\/ul>/);
  if (!list) return;
  const lang = (text.match(/<html lang="([A-Za-z-]+)"/) || [])[1] || "en";
  const cache = await caches.open(PAGE_CACHE);
  await cache.put(LINES_KEY, new Response(JSON.stringify({ lang: lang, html: list[0] }), { headers: { "Content-Type": "application/json" } }));
}

async function keptLines() {
  try {
    const kept = await (await caches.open(PAGE_CACHE)).match(LINES_KEY);
    if (kept) return await kept.json();
  } catch (err) {
    // nothing usable kept
  }
  return null;
}

async function forgetPersonPages() {
  const cache = await caches.open(PAGE_CACHE);
  await Promise.all(PERSON_PAGES.map((path) => cache.delete(path)));
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

async function removeShown(id, owner, statuses) {
  const item = (await queueOf(owner)).find((i) => i.client_id === id);
  if (item && statuses.includes(item.status || "pending")) await queueRemove(id);
}

// The kept pages are in the language they were fetched in, with the lines of the program of whoever
// fetched them: a change of language, or another person logged in, fetches them again. A logged-out
// page leaves them (crisis help for the last person stays until someone else logs in).
const KEPT_KEY = "/__kept-for";
async function keepForOffline(lang, plan, viewer) {
  const cache = await caches.open(PAGE_CACHE);
  let marker = {};
  try {
    const kept = await cache.match(KEPT_KEY);
    if (kept) marker = await kept.json();
  } catch (err) {
    marker = {};
  }
  const changed = (!!lang && marker.lang !== lang) || (!!viewer && marker.viewer !== viewer);
  await keepCrisisPages(changed);
  if (plan) await keepPlan(plan, changed);
  if (changed) {
    const now = { lang: lang || marker.lang || "", viewer: viewer || marker.viewer || "" };
    await cache.put(KEPT_KEY, new Response(JSON.stringify(now), { headers: { "Content-Type": "application/json" } }));
  }
}

// Only when no crisis page was ever kept on this phone: the US defaults.
const DEFAULT_LINES = `<ul class="crisis-list">
<li><a href="tel:988">Call 988</a> · <a href="sms:988">Text 988</a></li><li><a href="tel:18006624357">SAMHSA Helpline 1-800-662-4357</a></li>
<li><a href="sms:741741?&amp;body=HOME">Text HOME to 741741</a></li><li><a href="tel:911">911 if you are in immediate danger</a></li></ul>`;

function linesHtml(kept) {
  if (!kept || !kept.html) return DEFAULT_LINES;
  return kept.lang && kept.lang !== "en" ? `<div lang="${kept.lang}">${kept.html}</div>` : kept.html;
}

function crisisBar(kept) {
  return `<aside class="crisis-bar" aria-labelledby="crisis-bar-title"><h2 id="crisis-bar-title" class="crisis-title">Need help now?</h2>
${linesHtml(kept)}
<p class="crisis-more"><a href="/crisis/overdose/">Overdose: what to do</a> · <a href="/crisis/">More ways to get help</a></p></aside>`;
}

function offlinePage(kept, page) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Alongside</title><link rel="stylesheet" href="/static/css/alongside.css"></head>
<body>${page.bar === false ? "" : crisisBar(kept)}<main id="main"><h1>${page.title}</h1>
<p>${page.english}</p>
<p lang="es">${page.spanish}</p>
${page.lines ? linesHtml(kept) : ""}
<p>${page.back}</p>
</main></body></html>`;
}

const SAVED_OFFLINE = {
  title: "Saved on this device",
  english: "You're offline. Your check-in is saved on this phone with the time you made it, and will be sent as soon as you're back online.",
  spanish: "Sin conexión. Tu registro quedó guardado en este teléfono y se enviará cuando vuelvas a tener conexión.",
  back: '<a href="/checkin/">Back to check-in</a>',
};
const OFFLINE = {
  title: "You're offline",
  english: "This page needs a connection. The crisis lines, the overdose steps and your check-in still work on this phone.",
  spanish: "Sin conexión. Esta página necesita conexión. Las líneas de crisis, los pasos ante una sobredosis y tu registro diario funcionan sin conexión.",
  back: '<a href="/checkin/">Check in</a> · <a href="/safety/">My safety plan</a>',
};
// The crisis button pressed with no connection: no one was told, and nothing pretends otherwise.
const ALERT_NOT_SENT = {
  title: "Your alert was not sent",
  english: "There is no connection, so your mentor was not told. Please call or text one of these lines now. Calls and texts can work without mobile data.",
  spanish: "Tu alerta no se envió. No hay conexión, así que tu mentor no recibió el aviso. Llama o escribe ahora a una de estas líneas. Las llamadas y los mensajes de texto pueden funcionar sin datos móviles.",
  back: '<a href="/crisis/overdose/">Overdose: what to do</a> · <a href="/crisis/">Back to crisis help (press the button again when you are back online)</a>',
  lines: true,
  bar: false,
};

async function offlineResponse(page, status) {
  return html(offlinePage(await keptLines(), page), status);
}

// A kept check-in page opened offline gets a fresh id for its check-in, so two check-ins made
// offline from the same kept copy are two check-ins, never one replacing the other.
async function freshCheckinPage(copy) {
  const text = await copy.text();
  const fresh = text.replace(/(name="client_id" value=")[^"]*(")/g, (all, start, end) => start + self.crypto.randomUUID() + end);
  return new Response(fresh, { status: copy.status, headers: copy.headers });
}

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
      const item = Object.assign(fromForm(await copy.formData()), { status: "pending" });
      await queueAdd(item);
      await notifyClients(item.owner);
      return offlineResponse(SAVED_OFFLINE, 202);
    }));
    return;
  }
  if (request.method === "POST" && url.pathname === CRISIS_ALERT_PATH) {
    event.respondWith(fetch(request).catch(() => offlineResponse(ALERT_NOT_SENT, 503)));
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
    if (copy && url.pathname === CHECKIN_PATH) return freshCheckinPage(copy);
    return copy || offlineResponse(OFFLINE, 503);
  }));
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const owner = String(data.owner || "");
  // A page that asks on a channel is answered when the work is done (logout waits for it).
  const answer = (promise) => event.waitUntil(promise.then((value) => {
    if (event.ports && event.ports[0]) event.ports[0].postMessage(value);
  }));
  if (data.type === "flush") answer(flush(data.csrf ? String(data.csrf) : "", owner).then((pending) => ({ pending: pending })));
  if (data.type === "keep") event.waitUntil(keepForOffline(String(data.lang || ""), String(data.plan || ""), String(data.viewer || "")));
  if (data.type === "forget-pages") answer(caches.delete(PAGE_CACHE).then(() => ({})));
  if (data.type === "forget-person") event.waitUntil(forgetPersonPages());
  // Only what the person was shown may be removed: a refused check-in (their choice) or a receipt.
  if (data.type === "dismiss" && data.client_id) event.waitUntil(removeShown(String(data.client_id), owner, ["refused", "sent"]).then(() => notifyClients(owner)));
  if (data.type === "dismiss-sent" && data.client_id) event.waitUntil(removeShown(String(data.client_id), owner, ["sent"]));
});

self.addEventListener("sync", (event) => {
  if (event.tag === "alongside-checkins") event.waitUntil(flushForSession());
});
