// Follows the delivery of the code's message while the provider has only accepted it: asks the
// prompt's own URL for JSON every 3 seconds, for up to 2 minutes (the answer changes nothing), writes
// "Delivered" when it arrives, and reloads the page once when it failed, so that the page the server
// draws then says so and offers a new text at once, or a call. Without JavaScript, a reload shows it.
'use strict';
(function () {
  const status = document.getElementById('sms-otp-delivery');
  if (!status || !window.fetch) return;
  const url = status.getAttribute('data-poll');
  const stopAt = Date.now() + 120000;

  function later() {
    if (Date.now() < stopAt) window.setTimeout(poll, 3000);
  }
  function follow(answer) {
    const delivery = answer && answer.delivery;
    if (delivery === 'failed') {
      window.location.reload();
    } else if (delivery === 'delivered') {
      status.textContent = status.getAttribute('data-delivered');
      status.className = 'delivery delivery-delivered';
    } else if (delivery === 'accepted') {
      later();
    }
  }
  function poll() {
    window.fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(follow, later);
  }
  later();
})();
