// Progressive enhancements only: every page works without this file.
// Loaded with defer from the site's own origin, as the CSP requires.
(function () {
  "use strict";
  // Character counter for textareas with a counter below them. The
  // visible count updates on every key; screen readers hear it through a
  // separate live region, only once typing pauses, so they are not
  // interrupted on every keystroke.
  document.querySelectorAll("p.counter[data-max]").forEach(function (counter) {
    var field = counter.parentElement.querySelector("textarea");
    if (!field) return;
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    counter.after(live);
    var timer;
    var text = function () {
      // Count code points, as the server does.
      var used = Array.from(field.value).length;
      counter.classList.toggle("over", used > max);
      if (used > max) {
        return "You have " + (used - max).toLocaleString("en-US") + " characters too many";
      }
      return used.toLocaleString("en-US") + " of " + max.toLocaleString("en-US") + " characters used";
    };
    field.addEventListener("input", function () {
      counter.textContent = text();
      clearTimeout(timer);
      timer = setTimeout(function () { live.textContent = text(); }, 1000);
    });
    counter.textContent = text();
  });

  // Upload progress on forms that send files (the apply form): the form
  // is sent by XMLHttpRequest so the page can show how much has gone, in
  // a real <progress> and, every tenth, in words for screen readers. A
  // redirect (the application stored) is followed; any other answer (a
  // problem to fix) replaces the page, as a plain submit would. Without
  // JavaScript, or without a file chosen, the form submits as usual.
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    var sending = false;
    form.addEventListener("submit", function (event) {
      var chosen = Array.prototype.some.call(form.querySelectorAll('input[type="file"]'), function (f) { return f.files && f.files.length > 0; });
      if (!chosen || !window.FormData || !window.XMLHttpRequest) return;
      event.preventDefault();
      if (sending) return; // a second click while the first is on its way
      sending = true;
      var button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      var box = document.createElement("div");
      box.className = "upload-progress";
      var label = document.createElement("label");
      label.htmlFor = "upload-progress-bar";
      label.textContent = "Sending your application";
      var bar = document.createElement("progress");
      bar.id = "upload-progress-bar";
      bar.max = 100;
      bar.value = 0;
      var said = document.createElement("p");
      said.setAttribute("aria-live", "polite");
      said.className = "hint";
      box.append(label, bar, said);
      (button || form.lastElementChild).after(box);
      var lastTenth = -1;
      var show = function (percent) {
        bar.value = percent;
        bar.textContent = percent + "%";
        var tenth = Math.floor(percent / 10);
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          said.textContent = percent < 100 ? percent + "% sent" : "100% sent. Saving your application…";
        }
      };
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) show(Math.floor(e.loaded * 100 / e.total));
      });
      xhr.upload.addEventListener("load", function () { show(100); });
      xhr.addEventListener("load", function () {
        if (xhr.responseURL && xhr.responseURL !== form.action && xhr.status < 400) {
          window.location.assign(xhr.responseURL);
          return;
        }
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener("error", function () {
        sending = false;
        if (button) button.disabled = false;
        said.textContent = "The connection was lost before your application was sent. Check your connection and send it again.";
      });
      xhr.send(new FormData(form));
    });
  });

  // A knockout answer says at once, beside the question, that the
  // application cannot go ahead with it; the server refuses it the same
  // way when this does not run.
  document.querySelectorAll("input[data-knockout]").forEach(function (option) {
    var note = document.getElementById(option.getAttribute("data-knockout"));
    if (!note) return;
    var group = document.querySelectorAll('input[name="' + option.name + '"]');
    var update = function () {
      var out = Array.prototype.some.call(group, function (o) { return o.checked && o.hasAttribute("data-knockout"); });
      note.hidden = !out;
    };
    group.forEach(function (o) { o.addEventListener("change", update); });
    update();
  });
})();

// Passkeys (WebAuthn): the second step of signing in, and adding one on
// the security page. The server keeps each challenge in the session; the
// browser's JSON helpers turn its options into what the authenticator
// needs and the answer back into JSON. Without them (or without
// JavaScript) the page offers codes instead.
(function () {
  "use strict";
  var starts = document.querySelectorAll("[data-passkey-start]");
  if (!starts.length) return;
  var supported = window.PublicKeyCredential &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";
  var post = function (url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : ""
    }).then(function (res) {
      return res.json().then(function (json) { return { ok: res.ok, json: json }; });
    });
  };
  starts.forEach(function (button) {
    var box = button.closest("[data-passkey-login], [data-passkey-register]");
    var status = box.querySelector("[data-passkey-status]");
    var say = function (text) { if (status) status.textContent = text; };
    if (!supported) {
      button.disabled = true;
      say("This browser cannot use passkeys here.");
      return;
    }
    var fail = function (err) {
      button.disabled = false;
      say(err && err.name === "NotAllowedError" ? "The passkey request was cancelled or timed out. Try again." :
        (err && err.message) || "That did not work. Try again.");
    };
    button.addEventListener("click", function () {
      button.disabled = true;
      say("Waiting for your passkey…");
      var login = box.getAttribute("data-passkey-login");
      var url = login || box.getAttribute("data-passkey-register");
      post(url + "/options").then(function (r) {
        if (!r.ok) throw new Error(r.json.error || "The passkey could not start.");
        if (login) {
          return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(r.json.publicKey) });
        }
        return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(r.json.publicKey) });
      }).then(function (cred) {
        var to = url;
        if (!login) {
          var name = box.querySelector("[data-passkey-name]");
          to += "?name=" + encodeURIComponent(name ? name.value : "");
        }
        return post(to, cred.toJSON());
      }).then(function (r) {
        if (!r.ok) throw new Error(r.json.error || "That did not work. Try again.");
        window.location.assign(r.json.next);
      }).catch(fail);
    });
  });
})();

// Time zones on the status page: until the student chooses one, the
// browser's zone is preselected (added to the list when it is not among
// the common ones) and the hint says so. Saving it stays the student's
// choice; without JavaScript the select starts on the program's zone.
(function () {
  "use strict";
  var form = document.querySelector("form[data-zone-unset]");
  if (!form || !window.Intl) return;
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  var select = form.querySelector("select[name=tz]");
  if (!zone || !select || select.value === zone) return;
  var found = Array.prototype.some.call(select.options, function (o) { return o.value === zone; });
  if (!found) select.add(new Option(zone.replace(/_/g, " ") + " (your browser's time zone)", zone), 0);
  select.value = zone;
  var hint = document.getElementById("tz-hint");
  if (hint) {
    hint.textContent = "Your browser says you are in " + zone.replace(/_/g, " ") +
      ". Choose \u201cUse this time zone\u201d to see the due moment, and get our reminders, in it.";
  }
})();
