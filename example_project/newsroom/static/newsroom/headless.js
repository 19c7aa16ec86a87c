/*
 * The headless demo of the Newsroom example site (/headless/).
 *
 * Renders one article (breadcrumbs, section, title, date, view count, lead
 * image, lead, StreamField body, tags), the language links of its
 * translations and the "Last news" list from the site's own API v2, then
 * sends the view beacon and shows the count it answers. Every request goes to
 * this site's /api/v2/ (see request()); nothing is fetched from elsewhere.
 *
 * Query: ?id=<page id> or ?slug=<slug>, &locale=en|ru|tk; without an article,
 * the newest one of the language. With wagtail-headless-preview's
 * ?content_type=…&token=…, the unsaved page of a preview is shown from
 * /api/v2/page_preview/ and no view is counted.
 */
(function () {
  "use strict";

  var API = "/api/v2/";
  var config = JSON.parse(document.getElementById("headless-config").textContent);
  var strings = config.strings;

  // -- the API ----------------------------------------------------------------

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(params[key]));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  /* The only network access of the page: same origin, under /api/v2/. */
  function request(path, params, options) {
    var init = Object.assign({credentials: "same-origin", headers: {Accept: "application/json"}}, options);
    return fetch(API + path + query(params || {}), init).then(function (response) {
      if (!response.ok) {
        var error = new Error(response.status + " " + path);
        error.status = response.status;
        throw error;
      }
      return response.json();
    });
  }

  function findArticleId() {
    if (config.id) {
      return Promise.resolve(Number(config.id));
    }
    if (config.slug) {
      var params = {type: "wagtail_news.NewsArticlePage", slug: config.slug, locale: config.locale, fields: "-title"};
      return request("pages/", params).then(firstId);
    }
    return request("news/", {locale: config.locale, limit: 1, fields: "-title"}).then(firstId);
  }

  function firstId(listing) {
    if (!listing.items.length) {
      var error = new Error("no article");
      error.status = 404;
      throw error;
    }
    return listing.items[0].id;
  }

  function loadArticle() {
    if (config.token) {
      return request("page_preview/", {content_type: config.content_type, token: config.token});
    }
    return findArticleId().then(function (id) {
      return request("news/" + id + "/");
    });
  }

  // -- helpers ----------------------------------------------------------------

  function $(name) {
    return document.querySelector('[data-headless="' + name + '"]');
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] !== null && attrs[key] !== undefined) {
        node.setAttribute(key, attrs[key]);
      }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* A link that stays on this site: a path, never another origin. */
  function localPath(url) {
    if (typeof url !== "string") {
      return null;
    }
    var parsed = new URL(url, window.location.origin);
    return parsed.origin === window.location.origin ? parsed.pathname + parsed.search : null;
  }

  function headlessUrl(id, locale) {
    return "/headless/" + query({id: id, locale: locale});
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /* "16.05.2023" ("16.05" short), in UTC like the site's TIME_ZONE. */
  function formatDate(iso, short) {
    var date = new Date(iso);
    var text = pad(date.getUTCDate()) + "." + pad(date.getUTCMonth() + 1);
    return short ? text : text + "." + date.getUTCFullYear();
  }

  // -- rich text: rebuilt from an allowlist, never inserted as HTML -------------

  var ALLOWED_TAGS = {P: 1, BR: 1, B: 1, STRONG: 1, I: 1, EM: 1, A: 1, UL: 1, OL: 1, LI: 1, H2: 1, H3: 1, H4: 1, SUB: 1, SUP: 1, CODE: 1};
  var DROPPED_TAGS = {SCRIPT: 1, STYLE: 1, IFRAME: 1, OBJECT: 1, EMBED: 1, TEMPLATE: 1};

  function safeHref(href) {
    if (!href) {
      return null;
    }
    var parsed = new URL(href, window.location.origin);
    return /^(https?|mailto):$/.test(parsed.protocol) ? parsed.href : null;
  }

  function copyAllowed(source, target) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.textContent));
      } else if (node.nodeType === Node.ELEMENT_NODE && !DROPPED_TAGS[node.tagName]) {
        if (ALLOWED_TAGS[node.tagName]) {
          var copy = document.createElement(node.tagName.toLowerCase());
          if (node.tagName === "A") {
            var href = safeHref(node.getAttribute("href"));
            if (href) {
              copy.setAttribute("href", href);
            }
          }
          copyAllowed(node, copy);
          target.appendChild(copy);
        } else {
          copyAllowed(node, target); // unknown element: keep its text
        }
      }
    });
  }

  function richText(html) {
    var parsed = new DOMParser().parseFromString(String(html), "text/html");
    var fragment = document.createDocumentFragment();
    copyAllowed(parsed.body, fragment);
    return fragment;
  }

  // -- body blocks ------------------------------------------------------------

  function imageBlock(value) {
    var figure = el("figure", {class: "news-figure"});
    if (value.caption) {
      figure.appendChild(el("figcaption", {}, [value.caption]));
    }
    if (value.image) {
      request("images/" + Number(value.image) + "/").then(function (image) {
        var src = localPath(image.meta.download_url);
        if (src) {
          var img = el("img", {
            src: src, alt: value.caption || image.title, width: image.width, height: image.height, loading: "lazy",
          });
          figure.insertBefore(img, figure.firstChild);
        }
      }).catch(function () {});
    }
    return figure;
  }

  function quoteBlock(value) {
    var quote = el("blockquote", {class: "news-quote"}, [el("p", {}, [value.text || ""])]);
    if (value.attribution) {
      quote.appendChild(el("footer", {}, [value.attribution]));
    }
    return quote;
  }

  function tableBlock(value) {
    var rows = (value && value.data) || [];
    var table = el("table");
    if (value.table_caption) {
      table.appendChild(el("caption", {}, [value.table_caption]));
    }
    var start = 0;
    if (value.first_row_is_table_header && rows.length) {
      table.appendChild(el("thead", {}, [el("tr", {}, rows[0].map(function (cell) {
        return el("th", {scope: "col"}, [cell === null ? "" : String(cell)]);
      }))]));
      start = 1;
    }
    var tbody = el("tbody");
    rows.slice(start).forEach(function (row) {
      tbody.appendChild(el("tr", {}, row.map(function (cell, index) {
        var header = value.first_col_is_header && index === 0;
        return el(header ? "th" : "td", header ? {scope: "row"} : {}, [cell === null ? "" : String(cell)]);
      })));
    });
    table.appendChild(tbody);
    return table;
  }

  /* An embed is a link here: the page loads nothing from other sites. */
  function embedBlock(value) {
    var href = safeHref(typeof value === "string" ? value : value && value.url);
    return href ? el("p", {}, [el("a", {href: href, rel: "noopener"}, [href])]) : null;
  }

  var BLOCKS = {
    paragraph: function (value) { return el("div", {class: "rich-text"}, [richText(value)]); },
    heading: function (value) { return el("h2", {class: "news-heading"}, [String(value)]); },
    image: imageBlock,
    quote: quoteBlock,
    table: tableBlock,
    embed: embedBlock,
  };

  function renderBody(blocks) {
    var body = $("body");
    body.textContent = "";
    (blocks || []).forEach(function (block) {
      var render = BLOCKS[block.type];
      var node = render ? render(block.value) : null;
      if (node) {
        body.appendChild(node);
      }
    });
  }

  // -- the article ------------------------------------------------------------

  function renderBreadcrumbs(article) {
    var list = $("breadcrumbs");
    list.textContent = "";
    (article.breadcrumbs || []).forEach(function (crumb) {
      list.appendChild(el("li", {}, [el("a", {href: localPath(crumb.url)}, [crumb.title])]));
    });
    list.appendChild(el("li", {"aria-current": "page"}, [article.title]));
  }

  function renderLead(article) {
    var figure = $("image");
    figure.textContent = "";
    var large = article.image && article.image.large;
    if (large && localPath(large.url)) {
      figure.appendChild(el("img", {
        src: localPath(large.url), alt: article.image.alt, width: large.width, height: large.height,
      }));
      figure.hidden = false;
    }
    var intro = $("intro");
    intro.textContent = article.intro || "";
    intro.hidden = !article.intro;
  }

  function renderTags(article) {
    var list = $("tags");
    list.textContent = "";
    var section = article.section && localPath(article.section.url);
    (article.tags || []).forEach(function (tag) {
      var link = section ? el("a", {href: section + "tag/" + encodeURIComponent(tag.slug) + "/"}, [tag.name]) : tag.name;
      list.appendChild(el("li", {}, [link]));
    });
    list.hidden = !list.children.length;
  }

  function renderArticle(article) {
    document.title = article.title + " · Newsroom";
    renderBreadcrumbs(article);
    var section = $("section");
    section.textContent = article.section ? article.section.title : "";
    section.setAttribute("href", article.section ? localPath(article.section.url) : "#");
    $("title").textContent = article.title;
    var date = $("date");
    date.setAttribute("datetime", article.date);
    date.textContent = formatDate(article.date);
    showViews(article.view_count);
    renderLead(article);
    renderBody(article.body);
    renderTags(article);
    $("article").hidden = false;
  }

  function showViews(count) {
    if (typeof count === "number") {
      var views = $("views");
      views.textContent = String(count);
      views.setAttribute("data-news-views", "");
    }
  }

  // -- around the article -----------------------------------------------------

  function renderLanguages(article, locale) {
    var list = $("languages");
    list.textContent = "";
    var translations = (article && article.translations) || {};
    config.languages.forEach(function (code) {
      var href = code === locale && article ? headlessUrl(article.id, code) : null;
      if (!href) {
        href = translations[code] ? headlessUrl(translations[code].id, code) : "/headless/" + query({locale: code});
      }
      var attrs = {href: href, hreflang: code, lang: code};
      if (code === locale) {
        attrs["aria-current"] = "true";
      }
      list.appendChild(el("li", {}, [el("a", attrs, [code.toUpperCase()])]));
    });
  }

  function renderSections(locale, currentSectionId) {
    var list = $("sections");
    list.textContent = "";
    list.appendChild(el("li", {}, [el("a", {href: "/" + locale + "/"}, [strings.home])]));
    var params = {type: "wagtail_news.NewsIndexPage", locale: locale, fields: "title", limit: 20};
    return request("pages/", params).then(function (listing) {
      listing.items.forEach(function (section) {
        var attrs = {href: localPath(section.meta.html_url)};
        if (section.id === currentSectionId) {
          attrs["aria-current"] = "page";
        }
        list.appendChild(el("li", {}, [el("a", attrs, [section.title])]));
      });
    }).catch(function () {});
  }

  function renderLastNews(locale, currentId) {
    // The article being read is left out by the API, as on the server-rendered page.
    var params = currentId ? {locale: locale, exclude: currentId} : {locale: locale};
    return request("news/last/", params).then(function (data) {
      var box = $("last");
      box.querySelector("h2").textContent = data.title || strings.lastNews;
      var list = box.querySelector("ul");
      list.textContent = "";
      data.items.filter(function (item) { return item.id !== currentId; }).forEach(function (item) {
        var children = [];
        if (data.show_dates !== false) {
          children.push(el("time", {datetime: item.date}, [formatDate(item.date, true)]), " ");
        }
        children.push(el("a", {href: headlessUrl(item.id, locale)}, [item.title]));
        list.appendChild(el("li", {class: "news-last__item"}, children));
      });
      box.hidden = !list.children.length;
    }).catch(function () {});
  }

  // -- the view beacon --------------------------------------------------------

  function countView(id) {
    function send() {
      request("news/" + id + "/views/", {}, {method: "POST", keepalive: true, cache: "no-store", credentials: "omit"})
        .then(function (data) { showViews(data.views); })
        .catch(function () {});
    }
    if (document.prerendering) {
      document.addEventListener("prerenderingchange", send, {once: true});
    } else {
      send();
    }
  }

  // -- start ------------------------------------------------------------------

  function showError() {
    $("error").hidden = false;
    renderLanguages(null, config.locale);
    renderSections(config.locale, null);
    renderLastNews(config.locale, null);
  }

  function start() {
    loadArticle().then(function (article) {
      var locale = article.meta && article.meta.locale;
      if (!config.token && locale && locale !== config.locale) {
        // ?id= of another language: its translation if asked, else its own language.
        var translation = config.localeGiven && article.translations && article.translations[config.locale];
        window.location.replace(translation ? headlessUrl(translation.id, config.locale) : headlessUrl(article.id, locale));
        return;
      }
      renderArticle(article);
      renderLanguages(article, config.locale);
      renderSections(config.locale, article.section && article.section.id);
      renderLastNews(config.locale, article.id);
      if (!config.token) {
        countView(article.id); // a preview never counts a view
      }
    }).catch(showError).then(function () {
      document.getElementById("main").removeAttribute("aria-busy");
    });
  }

  start();
})();
