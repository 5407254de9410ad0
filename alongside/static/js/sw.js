/* Alongside service worker: lets a participant check in without a connection.
 *
 * - Static assets: cache first (they are versioned by deploy; refreshed in the background).
 * - The check-in page: network first, the last good copy when offline.
 * - A check-in POST that cannot reach the server is kept in IndexedDB on the device, with
 *   the time it was made, and sent to /api/v1/checkins when the connection returns. The
 *   device's id for it (client_id) is sent as the Idempotency-Key, so a retry never doubles it.
 */
"use strict";

const VERSION = "v1";
const STATIC_CACHE = "alongside-static-" + VERSION;
const PAGE_CACHE = "alongside-pages";
const CHECKIN_PATH = "/checkin/";
const API_PATH = "/api/v1/checkins";
const DB_NAME = "alongside-offline";
const STORE = "checkins";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE).then((cache) =>
      cache.addAll(["/static/css/alongside.css", "/static/js/app.js"]).catch(() => undefined)
    ).then(() => self.skipWaiting())
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

async function notifyClients() {
  const pending = (await queueAll()).length;
  const clients = await self.clients.matchAll({ type: "window" });
  clients.forEach((client) => client.postMessage({ type: "queue", pending: pending }));
}

let flushing = null;
async function flush() {
  if (flushing) return flushing;
  flushing = (async () => {
    for (const item of await queueAll()) {
      let response;
      try {
        response = await fetch(API_PATH, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": item.csrf, "Idempotency-Key": item.client_id },
          body: JSON.stringify(item.body),
        });
      } catch (err) {
        break; // still offline: keep everything, try again later
      }
      if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 403 && response.status !== 408 && response.status !== 429)) {
        // Stored, or refused for good (for example a day already checked in): stop retrying.
        await queueRemove(item.client_id);
      } else {
        break; // logged out, throttled or server trouble: keep it and retry later
      }
    }
    await notifyClients();
  })().finally(() => { flushing = null; });
  return flushing;
}

const SAVED_OFFLINE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Saved on this device · Alongside</title><link rel="stylesheet" href="/static/css/alongside.css"></head>
<body><main id="main"><h1>Saved on this device</h1>
<p>You're offline. Your check-in is saved on this phone with the time you made it, and will be sent as soon as you're back online.</p>
<p lang="es">Sin conexión. Tu registro quedó guardado en este teléfono y se enviará cuando vuelvas a tener conexión.</p>
<p><a href="/checkin/">Back to check-in</a></p>
<aside class="crisis-bar"><h2 class="crisis-title">Need help now?</h2><ul class="crisis-links">
<li><a href="tel:988">Call 988</a> · <a href="sms:988">Text 988</a></li><li><a href="tel:18006624357">SAMHSA Helpline 1-800-662-4357</a></li>
<li><a href="sms:741741?&amp;body=HOME">Text HOME to 741741</a></li><li><a href="tel:911">911 if you are in immediate danger</a></li></ul></aside>
</main></body></html>`;

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.method === "POST" && url.pathname === CHECKIN_PATH) {
    const copy = request.clone();
    event.respondWith(fetch(request).catch(async () => {
      await queueAdd(fromForm(await copy.formData()));
      await notifyClients();
      return new Response(SAVED_OFFLINE_PAGE, { status: 202, headers: { "Content-Type": "text/html; charset=utf-8" } });
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
  if (request.mode === "navigate" && url.pathname === CHECKIN_PATH) {
    event.respondWith(fetch(request).then(async (response) => {
      if (response.ok && !response.redirected) (await caches.open(PAGE_CACHE)).put(CHECKIN_PATH, response.clone());
      return response;
    }).catch(async () => (await (await caches.open(PAGE_CACHE)).match(CHECKIN_PATH)) || new Response(SAVED_OFFLINE_PAGE.replace("Saved on this device", "You're offline"), { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } })));
  }
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "flush") event.waitUntil(flush());
  if (data.type === "forget-pages") event.waitUntil(caches.delete(PAGE_CACHE));
});

self.addEventListener("sync", (event) => {
  if (event.tag === "alongside-checkins") event.waitUntil(flush());
});
