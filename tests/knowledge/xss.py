"""The XSS corpus and the checker that looks for script in rendered HTML.

`dangerous_markup(html)` parses a page as HTML and lists whatever could run
script or carry the reader away: script elements (other than the site's own
files), event handlers, javascript:/vbscript:/data: URLs, frames, objects,
<base>, <meta http-equiv>, raw-text elements that browsers parse differently
(the mutation-XSS family), SVG and MathML, and style with script in it.
HTMLParser unescapes attribute values as a browser does, and the URL test
drops the control characters and whitespace browsers ignore, so encoded and
split schemes are seen for what they are.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

CORPUS_PATH = Path(__file__).with_name("xss_corpus.txt")
_ESCAPES = {"NUL": "\x00", "TAB": "\t", "LF": "\n", "CR": "\r"}
_ESCAPE = re.compile(r"\[\[(NUL|TAB|LF|CR|U\+[0-9A-Fa-f]{4,6})\]\]")


def _decode(line: str) -> str:
    def replace(match):
        name = match.group(1)
        return _ESCAPES.get(name) or chr(int(name[2:], 16))

    return _ESCAPE.sub(replace, line)


def load_corpus() -> list[str]:
    lines = CORPUS_PATH.read_text(encoding="utf-8").splitlines()
    return [_decode(line) for line in lines if line and not line.startswith("#")]


CORPUS = load_corpus()

# Elements that never belong in a page built from user input; the site's own
# templates use none of them.
FORBIDDEN_ELEMENTS = {
    "script",  # except the site's own files, see below
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "portal",
    "base",
    "style",
    "svg",
    "math",
    "foreignobject",
    "animate",
    "set",
    "isindex",
    # Raw-text elements: browsers and parsers disagree on where they end.
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "plaintext",
    "template",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "dynsrc",
    "lowsrc",
    "codebase",
    "cite",
    "ping",
    "icon",
    "manifest",
    "longdesc",
    "srcset",
    "values",
    "to",
    "from",
}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
BAD_STYLE = ("expression", "javascript:", "vbscript:", "behavior", "binding", "@import")
STATIC_SCRIPT = re.compile(r"^/static/[\w./-]+\.js$")
# Elements whose content a browser reads as text up to their end tag, where
# HTMLParser would otherwise see markup (the mutation-XSS trick).
RAW_TEXT = {"textarea", "title", "noscript", "noembed", "noframes", "xmp", "iframe"}


def browser_url(value: str) -> str:
    """A URL as a browser reads it (WHATWG URL parser): C0 controls and
    spaces around it dropped, tabs and newlines anywhere removed."""
    return re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(33))))).lower()


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_body = False
        self.script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self._element(tag, dict(attrs), attrs)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, dict(attrs), attrs)
        if tag == "script":
            self._close_script()

    def _element(self, tag, values, attrs):
        if tag == "body":
            if self.in_body:
                self.found.append("body (a second one)")
            self.in_body = True
        if tag == "script":
            self.script = {"attrs": values, "text": ""}
        elif tag in FORBIDDEN_ELEMENTS:
            self.found.append(tag)
        if tag == "meta" and "http-equiv" in values:
            self.found.append(f"meta http-equiv={values['http-equiv']}")
        if tag in {"meta", "link", "title"} and self.in_body:
            self.found.append(f"{tag} in body")
        if tag == "form" and not (values.get("action") or "/").startswith(("/", "?")):
            self.found.append(f"form@action={values['action'][:30]}")
        for name, value in attrs:
            self._attribute(tag, name, value or "")
        if tag in RAW_TEXT:
            self.set_cdata_mode(tag)

    def _attribute(self, tag, name, value):
        bare = name.removeprefix("data-")
        if name.startswith("on") or bare.startswith("hx-on"):
            self.found.append(f"{tag}@{name}")
        if name == "srcdoc":
            self.found.append(f"{tag}@srcdoc")
        if bare.startswith("hx-") and browser_url(value).startswith(
            ("js:", "javascript:")
        ):
            self.found.append(f"{tag}@{name}")
        if name == "data-bs-html":  # Bootstrap would render its title as HTML
            self.found.append(f"{tag}@{name}")
        if name in URL_ATTRIBUTES:
            candidates = value.split(",") if name == "srcset" else [value]
            for candidate in candidates:
                url = browser_url(candidate)
                if url.startswith(BAD_SCHEMES):
                    self.found.append(f"{tag}@{name}={url[:30]}")
        if name == "style":
            style = re.sub(r"\s", "", value).lower()
            if any(word in style for word in BAD_STYLE) or "url(" in style:
                self.found.append(f"{tag}@style")

    def handle_data(self, data):
        if self.script is not None:
            self.script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            self._close_script()

    def _close_script(self):
        script, self.script = self.script, None
        attrs, text = script["attrs"], script["text"].strip()
        if attrs.get("type") == "application/ld+json":
            try:
                json.loads(text)
            except ValueError:
                self.found.append("script (ld+json that is not JSON)")
            return
        if text or not STATIC_SCRIPT.match(attrs.get("src") or ""):
            self.found.append(f"script src={attrs.get('src')!r} text={text[:30]!r}")


def dangerous_markup(html: str) -> list[str]:
    """What in `html` could run script in a reader's browser; [] when none."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    if checker.script is not None:
        checker.found.append("script (never closed)")
    return checker.found
