/*
 * The app shell, kept on the device: a participant who reloads while the server is down (a
 * restart, the facilitator's laptop asleep) still gets the page, which then opens the board
 * from the device's own copy and merges when the server is back. Written into the build as
 * /sw.js by client/build-output.ts, which fills in the build's id and files.
 *
 * - Pages (/, /w/…): from the network, the shell when it does not answer.
 * - /assets/…: named by content, so from the cache first; what the board fetches on use
 *   (fonts, icons, translations) is kept as it comes.
 * - /api/…, /sync/…, anything else: the network only. Nothing a workshop holds is cached here.
 */
const BUILD = '__BUILD__'
const SHELL = __SHELL__
const CACHE = `sfs-shell-${BUILD}`

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(['/', ...SHELL]))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('sfs-shell-') && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (request.mode === 'navigate' && (url.pathname === '/' || url.pathname.startsWith('/w/'))) {
    event.respondWith(
      fetch(request).then(
        (response) => {
          if (response.ok) {
            const copy = response.clone()
            void caches.open(CACHE).then((cache) => cache.put('/', copy))
          }
          return response
        },
        () => caches.match('/', { cacheName: CACHE }).then((shell) => shell ?? Response.error()),
      ),
    )
    return
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(request, { cacheName: CACHE }).then(
        (cached) =>
          cached ??
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone()
              void caches.open(CACHE).then((cache) => cache.put(request, copy))
            }
            return response
          }),
      ),
    )
  }
})
