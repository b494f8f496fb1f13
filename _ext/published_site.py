"""Sphinx extension: the published site knows its own address.

``_config.yml`` says where the book lives, once: ``repository.url`` (``https://github.com/<owner>/<name>``),
``repository.branch`` and, if the book is not published at GitHub Pages' address for that
repository, ``html.baseurl``. This extension

1. checks those settings when the build starts and stops it with a message that names the
   setting (a repository that is not ``owner/name``, a branch that is no branch name, a site
   address that does not parse); the check is :class:`platformlab.notebooks.Repository`'s, the
   same one the notebooks' setup cells and the tests use;
2. sets ``html_baseurl`` to the site address (GitHub Pages' ``https://<owner>.github.io/<name>/``
   when ``html.baseurl`` is empty), so every page carries ``<link rel="canonical">`` with its
   published address;
3. writes ``sitemap.xml`` (every page of the book at its published address) and ``404.html``
   (what GitHub Pages serves for a missing page: plain HTML with absolute links, so that it works
   at any depth of a wrong address); and ``robots.txt`` pointing at the sitemap, but only for a
   site at the root of its host (``https://<owner>.github.io/`` or a custom domain): crawlers
   read ``robots.txt`` at the host's root only, so under a project path such as
   ``https://<owner>.github.io/<name>/`` the file would do nothing, and the sitemap is
   submitted to a search engine instead (the book's page "Adopt this module" says so).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sphinx.errors import ConfigError


def _check(app: Any, config: Any) -> None:
    from platformlab.notebooks import Repository

    options = config.html_theme_options or {}
    try:
        repo = Repository(options.get("repository_url", ""),
                          options.get("repository_branch", "main"), config.html_baseurl or None)
    except ValueError as err:
        raise ConfigError(str(err)) from None
    config.html_baseurl = repo.site
    if options:  # the theme's buttons use the repository as normalised (no .git, no slash)
        options["repository_url"] = repo.url
    app.platformlab_repository = repo


def _pages(app: Any) -> list[str]:
    """The built pages' names (``chapters/01-introduction``), in the order Sphinx wrote them."""
    env = app.builder.env
    return sorted(name for name in env.found_docs if (Path(app.outdir) /
                                                      app.builder.get_target_uri(name)).is_file())


def sitemap(site: str, uris: list[str]) -> str:
    """A ``sitemap.xml`` (sitemaps.org 0.9) listing ``site + uri`` for each page."""
    rows = "".join(f"  <url><loc>{html.escape(site + uri)}</loc></url>\n" for uri in uris)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</urlset>\n")


def not_found_page(title: str, site: str) -> str:
    """The page GitHub Pages serves for an address with nothing behind it."""
    title, home = html.escape(title), html.escape(site)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Page not found · {title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 38rem; margin: 4rem auto;
       padding: 0 1rem; line-height: 1.5; color: #222; }}
a {{ color: #0a58ca; }}
</style>
</head>
<body>
<main>
<h1>Page not found</h1>
<p>There is no page of <em>{title}</em> at this address. It may have moved, or the link may
have a typing error.</p>
<p><a href="{home}">Go to the start of the book</a> and find the chapter in its table of
contents, or use the book's search.</p>
</main>
</body>
</html>
"""


def _write(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    repo = app.platformlab_repository
    out = Path(app.outdir)
    uris = [app.builder.get_target_uri(name) for name in _pages(app)]
    (out / "sitemap.xml").write_text(sitemap(repo.site, uris), encoding="utf-8")
    robots = out / "robots.txt"
    if urlsplit(repo.site).path in ("", "/"):
        robots.write_text(f"User-agent: *\nSitemap: {repo.site}sitemap.xml\n", encoding="utf-8")
    else:
        robots.unlink(missing_ok=True)  # at a project path no crawler would read it
    (out / "404.html").write_text(not_found_page(app.config.html_title or app.config.project,
                                                 repo.site), encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _check)
    app.connect("build-finished", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
