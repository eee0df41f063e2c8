// Draws every Vega-Lite chart on the page from its JSON spec, with Vega's expression
// interpreter (ast: true) so the page's Content Security Policy never needs unsafe-eval.
(function () {
  function draw() {
    document.querySelectorAll("figure.vl-chart").forEach(function (figure) {
      var target = figure.querySelector(".vl-target");
      var source = figure.querySelector('script[type="application/json"]');
      if (!target || !source || target.dataset.rendered) return;
      var spec = JSON.parse(source.textContent);
      // Drawn inside the padded box: a spec as wide as its container fits the content width.
      var inner = document.createElement("div");
      target.appendChild(inner);
      // No injected <style> (the embed menu, the tooltip): the CSP allows style-src self only.
      window.vegaEmbed(inner, spec, {
        actions: false, renderer: "svg", ast: true, defaultStyle: false, tooltip: false,
      })
        .then(function () {
          target.dataset.rendered = "true";
          var svg = target.querySelector("svg");
          if (svg) svg.setAttribute("aria-hidden", "true"); // the figure's text describes it
        })
        .catch(function () {
          target.textContent = "The chart could not be drawn; its figures are in the caption.";
        });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
