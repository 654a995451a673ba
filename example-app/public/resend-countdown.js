// Counts down the resend cooldown the server put on the page, and keeps the resend button
// disabled until it runs out. Without JavaScript the button stays enabled: the server enforces
// the cooldown and says how long to wait.
'use strict';
(function () {
  const wait = document.querySelector('[data-resend-wait]');
  const button = document.querySelector('[data-resend-button]');
  if (!wait || !button) return;
  const seconds = Number(wait.getAttribute('data-resend-wait'));
  if (!(seconds > 0)) return;
  const counter = wait.querySelector('[data-countdown]');
  const readyAt = Date.now() + seconds * 1000;
  button.disabled = true;

  const timer = setInterval(tick, 250);
  function tick() {
    const left = Math.ceil((readyAt - Date.now()) / 1000);
    if (left > 0) {
      if (counter) counter.textContent = String(left);
      return;
    }
    clearInterval(timer);
    wait.hidden = true;
    button.disabled = false;
  }
})();
