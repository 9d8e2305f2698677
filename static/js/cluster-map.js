/* "Where the clusters are": a bar chart of clusters per home province on the
 * cluster directory. The numbers come from the page (json_script) and are
 * also in a table beside the chart, so the chart adds nothing a screen
 * reader or a visitor without scripts would miss.
 */
(function () {
  "use strict";

  function init() {
    var canvas = document.getElementById("cluster-map-chart");
    var source = document.getElementById("cluster-map-data");
    if (!canvas || !source || typeof window.Chart !== "function") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var styles = window.getComputedStyle(document.documentElement);
    var colour = styles.getPropertyValue("--kms-primary").trim() || "#0b4f6c";
    var options = {
      responsive: true,
      maintainAspectRatio: true,
      // A phone gets a taller chart, so its bars and labels stay readable.
      aspectRatio: window.matchMedia("(max-width: 575.98px)").matches ? 1.4 : 3,
      plugins: {
        legend: { display: false }
      },
      scales: {
        y: {
          beginAtZero: true,
          ticks: { precision: 0 }
        }
      }
    };
    if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
      options.animation = false;
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: canvas.dataset.label || "",
            data: data.values,
            backgroundColor: colour,
            borderColor: colour,
            maxBarThickness: 48
          }
        ]
      },
      options: options
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
