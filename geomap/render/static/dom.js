/* DOM helpers shared by the map client (geomap.js) and the index lists (index.js).
 *
 * Every map page loads this script in its head, before the other two. Text
 * goes into the page with textContent only, and a link gets an href only when
 * it names another map page of the same folder ("<article id>.html"), so no
 * text from an article can become markup or a link elsewhere.
 */
(function () {
  "use strict";

  /* An element with an optional class and text (as textContent, never as HTML). */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* A link to a map page next to this one; any other href leaves the link without one. */
  function link(href, text) {
    var a = el("a", null, text);
    if (/^[A-Za-z0-9._-]+\.html$/.test(href || "")) a.setAttribute("href", href);
    return a;
  }

  window.GeomapDom = Object.freeze({ el: el, link: link });
})();
