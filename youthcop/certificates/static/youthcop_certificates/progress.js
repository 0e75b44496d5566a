/*
 * Follows background work on a certificates page (issuing, the ZIP) without reloading it.
 *
 * <div data-controller="yc-progress" data-yc-progress-url-value="…JSON…" data-yc-progress-running-value="true">
 * polls the URL, copies the server's words into the status text (an aria-live region), moves the
 * <progress> bar, and once the work is finished shows the "finished" targets (a download link)
 * and the elements named by data-yc-progress-reveal-value ("ready" targets: only with a download). Without scripts, a <noscript> refresh
 * reloads the page instead. A Stimulus controller, registered on Wagtail's admin application.
 */
(() => {
  const wagtail = window.wagtail;
  if (!wagtail || !wagtail.app || !window.StimulusModule) return;

  class ProgressController extends window.StimulusModule.Controller {
    static targets = ['bar', 'percent', 'label', 'text', 'finished', 'ready', 'download'];

    static values = {
      url: String,
      running: Boolean,
      interval: { type: Number, default: 1500 },
      reveal: String,
    };

    connect() {
      this.failures = 0;
      if (this.runningValue) this.schedule(this.intervalValue);
    }

    disconnect() {
      clearTimeout(this.timer);
    }

    schedule(delay) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.poll(), delay);
    }

    async poll() {
      try {
        const response = await fetch(this.urlValue, {
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
          cache: 'no-store',
        });
        if (!response.ok) throw new Error(String(response.status));
        this.failures = 0;
        this.update(await response.json());
      } catch (error) {
        // A lost connection or a restarting server: try again, less often, then leave it to a reload.
        this.failures += 1;
        if (this.failures < 10) this.schedule(this.intervalValue * (this.failures + 1));
      }
    }

    update(data) {
      if (data.status === null) return; // nothing left to follow (replaced meanwhile)
      const percent = `${data.percent} %`;
      this.element.dataset.status = data.status;
      this.barTargets.forEach((bar) => {
        bar.value = data.percent;
        bar.textContent = percent;
        bar.setAttribute('aria-valuetext', percent);
      });
      this.percentTargets.forEach((element) => {
        element.textContent = percent;
      });
      this.labelTargets.forEach((element) => {
        element.textContent = data.status_label;
      });
      this.textTargets.forEach((element) => {
        if (element.textContent !== data.text) element.textContent = data.text;
      });
      if (!data.finished) {
        this.schedule(this.intervalValue);
        return;
      }
      this.runningValue = false;
      if (data.download_url) {
        this.downloadTargets.forEach((link) => {
          link.href = data.download_url;
        });
        this.readyTargets.forEach((element) => {
          element.hidden = false;
        });
      }
      this.finishedTargets.forEach((element) => {
        element.hidden = false;
      });
      if (this.revealValue) {
        document.querySelectorAll(this.revealValue).forEach((element) => {
          element.hidden = false;
        });
      }
    }
  }

  wagtail.app.register('yc-progress', ProgressController);
})();
