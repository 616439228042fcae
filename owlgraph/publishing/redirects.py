"""Content negotiation for the instance IRIs: Apache rules for w3id.org, and the same choice in Python.

An IRI ``https://w3id.org/owlgraph/id/<kind>/<id>`` names a resource; its page is
``id/<kind>/<id>.html`` in the site, its data ``….ttl`` and ``….jsonld``. :func:`htaccess`
writes the rules in the form the w3id.org repository expects (one ``.htaccess`` in the
``owlgraph/`` folder, ``mod_rewrite``, 303 See Other); :func:`negotiate` is the same choice
for :mod:`owlgraph.publishing.http`.

Examples
--------
>>> negotiate("text/turtle;q=0.9, text/html;q=0.5")
'.ttl'
>>> negotiate("application/ld+json"), negotiate("*/*"), negotiate(None)
('.jsonld', '.html', '.html')
"""

from __future__ import annotations

__all__ = ["MEDIA_TYPES", "negotiate", "htaccess"]

#: suffix → media type of a resource's three representations (HTML first: the default)
MEDIA_TYPES = {".html": "text/html", ".ttl": "text/turtle", ".jsonld": "application/ld+json"}
_ALIASES = {"application/x-turtle": ".ttl", "application/json": ".jsonld"}


def negotiate(accept: str | None) -> str:
    """The suffix to serve for an ``Accept`` header: ``.ttl``, ``.jsonld`` or (anything else) ``.html``."""
    best, best_q = ".html", 0.0
    for part in (accept or "").split(","):
        media, *params = [x.strip() for x in part.split(";")]
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        suffix = next((s for s, m in MEDIA_TYPES.items() if m == media.lower()), _ALIASES.get(media.lower()))
        # ties keep the earlier entry; HTML wins over wildcards
        if suffix and q > best_q:
            best, best_q = suffix, q
    return best


def htaccess(site_url: str | None, *, prefix: str = "owlgraph") -> str:
    """The rules sending each IRI to its page, or by ``Accept`` to its Turtle or JSON-LD.

    With ``site_url`` (where the site is hosted) they are w3id.org's rules for the
    ``prefix`` folder: absolute 303 redirects to that host. Without it, the rules are for an
    Apache server that hosts the site itself (placed at the site's top, relative targets).

    >>> rules = htaccess("https://example.org/owl-site/")
    >>> "RewriteRule ^id/([^.]+)$ https://example.org/owl-site/id/$1.ttl [R=303,L]" in rules
    True
    """
    if site_url is not None and not site_url.endswith("/"):
        site_url += "/"
    target = site_url or ""
    flag = "[R=303,L]" if site_url else "[L]"
    where = (
        f"w3id.org: put this file at owlgraph/.htaccess in https://github.com/perma-id/w3id.org; it sends "
        f"https://w3id.org/{prefix}/… to {site_url}"
        if site_url
        else "an Apache server hosting the site: put this file at the site's top (AllowOverride FileInfo)"
    )
    return f"""# Content negotiation for owlgraph's instance IRIs (written by owlgraph publish).
# For {where}.
Options -MultiViews
RewriteEngine on
AddType text/turtle .ttl
AddType application/ld+json .jsonld

# A resource: Turtle or JSON-LD when asked for, the HTML page otherwise.
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteRule ^id/([^.]+)$ {target}id/$1.ttl {flag}
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteRule ^id/([^.]+)$ {target}id/$1.jsonld {flag}
RewriteRule ^id/([^.]+)$ {target}id/$1.html {flag}

# The dataset description (VoID, DCAT).
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteRule ^dataset$ {target}dataset.ttl {flag}
RewriteRule ^dataset$ {target}dataset.html {flag}
{"" if not site_url else f"{chr(10)}# Everything else (downloads, ontology documentation, the index).{chr(10)}RewriteRule ^(.*)$ {target}$1 {flag}{chr(10)}"}"""
