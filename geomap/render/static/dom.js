/* DOM helpers shared by the map client (geomap.js) and the index lists (index.js).
 *
 * Every map page loads this script in its head, before the other two. Text
 * goes into the page with textContent only, and a link gets an href only when
 * it names another map page of the same folder ("<article id>.html"), so no
 * text from an article can become markup or a link elsewhere. The one link out
 * is to where an article itself was found on the web: an http(s) address
 * (webLink), opened without handing it this page.
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

  /* A link to an article's address on the web, shown as its site; anything that is not an
   * http(s) URL is shown as text, with no href. */
  function webLink(address) {
    var url = null;
    try { url = new URL(address); } catch (e) { url = null; }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) return el("span", null, address);
    var a = el("a", "geomap-web", url.hostname.replace(/^www\./, ""));
    a.setAttribute("href", url.href);
    a.setAttribute("rel", "noopener noreferrer nofollow");
    a.setAttribute("target", "_blank");
    a.title = url.href;
    return a;
  }

  /* An article's web addresses after its title: " (site, other site)", or nothing. */
  function appendWeb(node, article) {
    var web = (article && article.web) || [];
    if (!web.length) return;
    node.appendChild(document.createTextNode(" ("));
    web.forEach(function (address, n) {
      if (n) node.appendChild(document.createTextNode(", "));
      node.appendChild(webLink(address));
    });
    node.appendChild(document.createTextNode(")"));
  }

  window.GeomapDom = Object.freeze({ el: el, link: link, webLink: webLink, appendWeb: appendWeb });
})();
