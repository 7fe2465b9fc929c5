/// The dashboard's only script, served by the binary at `/assets/dashboard.js` (no CDN, no
/// library): the before/after sliders (pointer and keyboard; a double-click opens the full-size
/// view) and live updates, which poll `/api/status` for the counts, `/dashboard/jobs` for the
/// newest page of job cards and `/dashboard/sections` for the provider, folders and failures. Cards
/// and sections come as HTML the server has escaped; the script only moves them into place, and
/// sets counts and states with `textContent`.
enum DashboardScript {
    /// Changes with the script, so browsers fetch a new one after an upgrade.
    static let version = "3"

    static let source = #"""
        (function () {
          "use strict";

          function setPosition(slider, value) {
            value = Math.max(0, Math.min(100, value));
            var rounded = Math.round(value);
            slider.style.setProperty("--pos", value + "%");
            slider.dataset.pos = String(value);
            var handle = slider.querySelector("[role=slider]");
            handle.setAttribute("aria-valuenow", String(rounded));
            handle.setAttribute("aria-valuetext", rounded + "% before");
          }

          function bind(slider) {
            if (slider.dataset.bound) { return; }
            slider.dataset.bound = "1";
            var handle = slider.querySelector("[role=slider]");
            function follow(event) {
              var box = slider.getBoundingClientRect();
              if (box.width > 0) { setPosition(slider, (event.clientX - box.left) / box.width * 100); }
            }
            slider.addEventListener("pointerdown", function (event) {
              if (event.button !== 0) { return; }
              slider.dataset.dragging = "1";
              try { slider.setPointerCapture(event.pointerId); } catch (ignored) {}
              follow(event);
              handle.focus({ preventScroll: true });
              event.preventDefault();
            });
            slider.addEventListener("pointermove", function (event) {
              if (slider.dataset.dragging) { follow(event); }
            });
            slider.addEventListener("dblclick", function () {
              if (slider.dataset.full) { window.location.href = slider.dataset.full; }
            });
            function release() { delete slider.dataset.dragging; }
            slider.addEventListener("pointerup", release);
            slider.addEventListener("pointercancel", release);
            handle.addEventListener("keydown", function (event) {
              var now = parseFloat(slider.dataset.pos || "50");
              var step = event.shiftKey ? 20 : 5;
              switch (event.key) {
                case "ArrowLeft": case "ArrowDown": now -= step; break;
                case "ArrowRight": case "ArrowUp": now += step; break;
                case "PageDown": now -= 20; break;
                case "PageUp": now += 20; break;
                case "Home": now = 0; break;
                case "End": now = 100; break;
                default: return;
              }
              event.preventDefault();
              setPosition(slider, now);
            });
          }

          function bindAll(root) {
            Array.prototype.forEach.call(root.querySelectorAll(".compare"), bind);
          }

          function busy(card) {
            return card.contains(document.activeElement) || card.querySelector("[data-dragging]") !== null;
          }

          function mergeJobs(html) {
            var list = document.querySelector("#recent .jobs");
            if (!list) { return; }
            var template = document.createElement("template");
            template.innerHTML = html;
            var incoming = Array.prototype.slice.call(template.content.querySelectorAll(".job"));
            var keep = {};
            var previous = null;
            incoming.forEach(function (card) {
              keep[card.id] = true;
              var current = document.getElementById(card.id);
              if (current && (current.dataset.state === card.dataset.state || busy(current))) {
                card = current;
              } else if (current) {
                current.replaceWith(card);
              }
              if (previous === null) {
                if (list.firstElementChild !== card) { list.insertBefore(card, list.firstElementChild); }
              } else if (previous.nextElementSibling !== card) {
                previous.after(card);
              }
              previous = card;
            });
            Array.prototype.slice.call(list.children).forEach(function (card) {
              if (!keep[card.id]) { card.remove(); }
            });
            var empty = document.getElementById("no-jobs");
            if (empty) { empty.hidden = incoming.length > 0; }
            bindAll(list);
          }

          function showStatus(status) {
            Object.keys(status.counts || {}).forEach(function (state) {
              var cell = document.querySelector("#count-" + state + " b");
              if (cell) { cell.textContent = String(status.counts[state]); }
            });
            Array.prototype.forEach.call(document.querySelectorAll(".count"), function (cell) {
              var state = cell.id.replace("count-", "");
              if (!(state in (status.counts || {}))) { cell.querySelector("b").textContent = "0"; }
            });
            // Queued photos of folders the daemon does not serve: counted, and said to wait.
            var unwatched = (status.folders || []).filter(function (folder) { return folder.watched === false; })
              .reduce(function (sum, folder) { return sum + ((folder.counts || {}).queued || 0); }, 0);
            var queued = document.getElementById("count-queued");
            if (queued) {
              var note = queued.querySelector("small.unwatched");
              if (unwatched > 0) {
                if (!note) { note = document.createElement("small"); note.className = "unwatched"; queued.appendChild(note); }
                note.textContent = unwatched + " in folders not watched";
              } else if (note) { note.remove(); }
            }
            var health = document.getElementById("health");
            if (health) {
              health.textContent = status.health;
              health.className = "badge " + (status.healthy ? "ok" : "bad");
            }
            var provider = document.getElementById("provider-state");
            if (provider && status.provider) {
              provider.textContent = status.provider.state;
              provider.className = "badge " + (status.provider.state === "running" ? "ok" : "bad");
            }
            var updated = document.getElementById("updated");
            if (updated && status.generated_at) { updated.textContent = status.generated_at; }
          }

          // The provider table, the folders and the failures, as the server rendered (and escaped)
          // them; a section is replaced only when it changed and nothing in it has the focus.
          var shownSections = {};
          function showSections(sections) {
            Object.keys(sections).forEach(function (id) {
              var html = sections[id];
              var element = document.getElementById(id);
              if (!element || !html || shownSections[id] === html || element.contains(document.activeElement)) { return; }
              if (shownSections[id] !== undefined) { element.outerHTML = html; }
              shownSections[id] = html;
            });
          }

          function poll(interval) {
            Promise.all([
              fetch("/api/status", { cache: "no-store" }).then(function (r) { return r.ok ? r.json() : null; }),
              fetch("/dashboard/jobs", { cache: "no-store" }).then(function (r) { return r.ok ? r.text() : null; }),
              fetch("/dashboard/sections", { cache: "no-store" }).then(function (r) { return r.ok ? r.json() : null; })
            ]).then(function (answers) {
              if (answers[0]) { showStatus(answers[0]); }
              if (answers[1] !== null) { mergeJobs(answers[1]); }
              if (answers[2]) { showSections(answers[2]); }
            }).catch(function () {}).then(function () {
              setTimeout(function () { poll(interval); }, interval);
            });
          }

          function start() {
            bindAll(document);
            var config = document.getElementById("dashboard-config");
            var settings = config ? JSON.parse(config.textContent) : {};
            if (settings.live) { setTimeout(function () { poll(settings.interval || 2000); }, settings.interval || 2000); }
          }

          if (document.readyState === "loading") {
            document.addEventListener("DOMContentLoaded", start);
          } else {
            start();
          }
        })();
        """#
}
