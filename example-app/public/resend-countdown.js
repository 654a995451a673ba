// Counts down the resend cooldown the server put on the page, and keeps "Send a new code" and
// "Call me instead" disabled until it runs out (a call waits as a text does). Without JavaScript the
// buttons stay enabled: the server enforces the cooldown and says how long to wait.
'use strict';
(function () {
  const wait = document.querySelector('[data-resend-wait]');
  const buttons = document.querySelectorAll('[data-resend-button], [data-call-button]');
  if (!wait || buttons.length === 0) return;
  const seconds = Number(wait.getAttribute('data-resend-wait'));
  if (!(seconds > 0)) return;
  const counter = wait.querySelector('[data-countdown]');
  const readyAt = Date.now() + seconds * 1000;
  for (const button of buttons) button.disabled = true;

  const timer = setInterval(tick, 250);
  function tick() {
    const left = Math.ceil((readyAt - Date.now()) / 1000);
    if (left > 0) {
      if (counter) counter.textContent = String(left);
      return;
    }
    clearInterval(timer);
    wait.hidden = true;
    for (const button of buttons) button.disabled = false;
  }
})();
