/* The programme dashboards' charts: a sparkline on each target's card, and
 * the bar and line charts named by a canvas's data-chart attribute. The
 * numbers come from the page (json_script "dashboard-data") and are also
 * written on the page (cards and tables), so a chart adds nothing a screen
 * reader or a visitor without scripts would miss.
 *
 * Series differ by colour (after Okabe-Ito and Tol, told apart with colour
 * blindness too, each at least 3:1 against white), by point shape and by
 * line dash, so colour never tells them apart alone.
 */
(function () {
  "use strict";

  var COLOURS = [
    "#0072B2", "#D55E00", "#009E73", "#AA4499", "#8C6D00", "#332288",
    "#000000", "#CC79A7"
  ];
  var SHAPES = ["circle", "rect", "triangle", "rectRot", "crossRot", "star"];
  var DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [4, 2], [1, 2]];

  function reducedMotion() {
    return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function phone() {
    return window.matchMedia("(max-width: 575.98px)").matches;
  }

  function primary() {
    var styles = window.getComputedStyle(document.documentElement);
    return styles.getPropertyValue("--kms-primary").trim() || "#0b4f6c";
  }

  function sparkline(canvas, series) {
    var colour = primary();
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: series.labels,
        datasets: [{
          data: series.values,
          borderColor: colour,
          backgroundColor: colour,
          borderWidth: 2,
          pointRadius: 0,
          pointHitRadius: 6,
          tension: 0.25
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion() ? false : undefined,
        plugins: { legend: { display: false } },
        scales: {
          x: { display: false },
          y: { display: false, beginAtZero: true }
        }
      }
    });
  }

  function chart(canvas, source) {
    var type = canvas.dataset.chartType || "bar";
    var percent = canvas.hasAttribute("data-percent");
    var many = source.datasets.length > 1;
    var datasets = source.datasets.map(function (dataset, position) {
      // A target keeps its colour and shape from one chart to the next.
      var i = typeof dataset.index === "number" ? dataset.index : position;
      var colour = many ? COLOURS[i % COLOURS.length] : primary();
      return {
        label: dataset.label || canvas.dataset.label || "",
        data: dataset.data,
        borderColor: colour,
        backgroundColor: colour,
        pointStyle: type === "line" ? SHAPES[i % SHAPES.length] : undefined,
        pointRadius: type === "line" ? 3 : undefined,
        borderDash: type === "line" ? DASHES[i % DASHES.length] : undefined,
        borderWidth: type === "line" ? 2 : 0,
        spanGaps: true,
        maxBarThickness: 40
      };
    });
    var ticks = { precision: 0 };
    if (percent) {
      ticks.callback = function (value) { return value + " %"; };
    }
    new window.Chart(canvas, {
      type: type,
      data: { labels: source.labels, datasets: datasets },
      options: {
        responsive: true,
        // A phone gets a taller chart, so the legend leaves room for the
        // bars and lines.
        maintainAspectRatio: true,
        aspectRatio: phone() ? (many ? 0.8 : 1.3) : Number(canvas.dataset.aspect || 2.5),
        animation: reducedMotion() ? false : undefined,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: {
            display: many,
            position: "bottom",
            // Lines show their point shapes in the legend; bars their colour.
            labels: { usePointStyle: type === "line" }
          },
          tooltip: {
            callbacks: percent ? {
              label: function (item) {
                var name = item.dataset.label ? item.dataset.label + ": " : "";
                return name + item.formattedValue + " %";
              }
            } : {}
          }
        },
        // Progress charts run to 100 % at least: the target is in view.
        scales: {
          y: { beginAtZero: true, suggestedMax: percent ? 100 : undefined, ticks: ticks }
        }
      }
    });
  }

  function init() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof window.Chart !== "function") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var lines = document.querySelectorAll("canvas[data-sparkline]");
    for (var i = 0; i < lines.length; i += 1) {
      var series = data.sparklines && data.sparklines[lines[i].dataset.sparkline];
      if (series) {
        sparkline(lines[i], series);
      }
    }
    var charts = document.querySelectorAll("canvas[data-chart]");
    for (var j = 0; j < charts.length; j += 1) {
      var chartData = data[charts[j].dataset.chart];
      if (chartData && chartData.labels.length) {
        chart(charts[j], chartData);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
